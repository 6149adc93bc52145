#!/bin/bash
# check.sh [--host-only|--vm-only] [--flavor F] - the body of `make check`.
#
# Stages: userspace build (host and ASan/UBSan variants), host tests in both
# variants, checkpatch --strict on the kernel series, kernel + initramfs,
# the VM test set "check", and the harness self-test (a guest set that must
# fail).  Every stage's counts are summed into the closing line
# "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
host=1 vm=1 flavor=base
while (($#)); do
	case $1 in
	--host-only) vm=0; shift ;;
	--vm-only) host=0; shift ;;
	--flavor) flavor=$2; shift 2 ;;
	*) echo "check.sh: unknown argument $1" >&2; exit 64 ;;
	esac
done

MAKE="make --no-print-directory"
passed=0 failed=0 skipped=0
summary=()
t_all=$SECONDS

record() { # stage passed failed skipped seconds
	passed=$((passed + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
	summary+=("$(printf '%-28s %4d passed, %3d failed, %3d skipped  %4ds' "$1" "$2" "$3" "$4" "$5")")
}

# Run a command, count its RTISOL-RESULT line; no line means one failure.
counted() { # stage cmd...
	local stage=$1 t0=$SECONDS out res p f s
	shift
	echo
	echo "=== $stage: $*"
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	res=$(grep -aE 'RTISOL-RESULT: [0-9]+ passed' "$out" | tail -1)
	if [[ -z $res ]]; then
		record "$stage" 0 1 0 $((SECONDS - t0))
	else
		read -r p f s < <(sed -E 's/.*RESULT: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<< "$res")
		# A splat or a lost verdict is one more failure.
		if grep -qE '^vm: (kernel splat|FAIL)' "$out"; then f=$((f + 1)); fi
		record "$stage" "$p" "$f" "$s" $((SECONDS - t0))
	fi
	rm -f "$out"
}

step() { # stage cmd... : a build step; failure counts once
	local stage=$1 t0=$SECONDS
	shift
	echo
	echo "=== $stage: $*"
	if "$@"; then
		summary+=("$(printf '%-28s %-40s %4ds' "$stage" "done" $((SECONDS - t0)))")
		return 0
	fi
	record "$stage" 0 1 0 $((SECONDS - t0))
	return 1
}

if ((host)); then
	for v in host asan; do
		if step "build ($v)" $MAKE VARIANT=$v all; then
			counted "host tests ($v)" $MAKE VARIANT=$v run-host-tests
		fi
	done
fi

if ((vm)); then
	if step "kernel ($flavor)" $MAKE FLAVOR="$flavor" kernel; then
		counted "checkpatch --strict" kernel-patch/checkpatch.sh
		if step "initramfs" $MAKE FLAVOR="$flavor" initramfs; then
			kimg=build/kernel-$flavor/arch/x86/boot/bzImage
			irfs=build/initramfs-$flavor.cpio
			vmopts=()
			# KASAN/lockdep under TCG is several times slower.
			[[ $flavor == debug ]] && vmopts=(--timeout 5400 --append rtisol.timeout=1800)
			counted "VM tests ($flavor)" tests/vm/run --kernel "$kimg" \
				--initrd "$irfs" "${vmopts[@]}" check

			# The runtime RT set (issue 14) on a guest booted
			# without isolcpus.
			counted "VM tests, no isolcpus ($flavor)" tests/vm/run \
				--kernel "$kimg" --initrd "$irfs" "${vmopts[@]}" \
				--rt none runtime

			# clearcpuid=smap: tests/transparency/README.md (QEMU).
			counted "transparency (quick)" tests/vm/run --kernel "$kimg" \
				--initrd "$irfs" "${vmopts[@]}" --append clearcpuid=smap \
				transparency-quick

			# The harness must notice a failing test and a splat.
			echo
			echo "=== harness self-test: a guest set that must fail"
			t0=$SECONDS
			out=$(tests/vm/run --quiet --kernel "$kimg" --initrd "$irfs" \
				--timeout 300 harness-selftest 2>&1)
			rc=$?
			sed 's/^/    /' <<< "$out"
			p=0 f=0
			if ((rc != 0)) && grep -q 'RTISOL-FAILED: failing-test' <<< "$out"; then
				echo "ok - the runner fails a run with a failing guest test"
				p=$((p + 1))
			else
				echo "not ok - the runner did not fail a failing guest test (exit $rc)"
				f=$((f + 1))
			fi
			if ((rc == 2)) && grep -q 'fake splat' <<< "$out"; then
				echo "ok - the runner fails a run whose console shows a splat"
				p=$((p + 1))
			else
				echo "not ok - the runner missed a console splat (exit $rc)"
				f=$((f + 1))
			fi
			record "harness self-test" $p $f 0 $((SECONDS - t0))

			# make bench's icount plugin: known loops give known counts
			# (bench/icount/selftest.sh; not on the slow debug kernel).
			[[ $flavor == debug ]] ||
				counted "icount plugin self-test" bench/icount/selftest.sh \
					--kernel "$kimg" --initrd "$irfs"
		fi
	fi
fi

echo
echo "=== summary ($((SECONDS - t_all))s)"
printf '%s\n' "${summary[@]}"
echo
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
