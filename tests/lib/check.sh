#!/bin/bash
# check.sh [--host-only|--vm-only] [--flavor F] - the body of `make check`.
#
# Stages: userspace build (host and ASan/UBSan variants), host tests in both
# variants, checkpatch --strict on the kernel series, kernel + initramfs,
# the VM test set "check", and the harness self-test (a guest set that must
# fail).  Every stage's counts are summed into the closing line
# "N passed, N failed".  Every stage ends with its time; its output is also
# in build/check-logs/STAGE.log, whose last lines a failure repeats.  Long
# steps (the kernel build) show their progress (tests/lib/progress.sh).
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
. tests/lib/progress.sh
progress_init
logs=build/check-logs
mkdir -p "$logs"

stage_log() { # stage -> build/check-logs/STAGE.log
	echo "$logs/$(sed -e 's/[^A-Za-z0-9.]\{1,\}/-/g' -e 's/-$//' <<< "$1").log"
}

# The end of a stage: its time; when it failed, also the last lines of its
# log and where the whole log is.
stage_end() { # stage t0 ok log
	local el
	el=$(progress_time $((SECONDS - $2)))
	if (($3)); then
		echo "=== $1: done in $el"
		return
	fi
	echo "=== $1: FAILED after $el; the last lines of its log:"
	tail -n 15 "$4" | sed 's/^/  | /'
	echo "=== $1: whole log: $4"
}

record() { # stage passed failed skipped seconds
	passed=$((passed + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
	summary+=("$(printf '%-28s %4d passed, %3d failed, %3d skipped  %4ds' "$1" "$2" "$3" "$4" "$5")")
}

# Run a command, count its RTISOL-RESULT line; no line means one failure.
counted() { # stage cmd...
	local stage=$1 t0=$SECONDS out res p=0 f=1 s=0
	shift
	echo
	echo "=== $stage: $*"
	out=$(stage_log "$stage")
	"$@" 2>&1 | tee "$out"
	res=$(grep -aE 'RTISOL-RESULT: [0-9]+ passed' "$out" | tail -1)
	if [[ -n $res ]]; then
		read -r p f s < <(sed -E 's/.*RESULT: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<< "$res")
		# A splat or a lost verdict is one more failure.
		if grep -qE '^vm: (kernel splat|FAIL)' "$out"; then f=$((f + 1)); fi
	fi
	record "$stage" "$p" "$f" "$s" $((SECONDS - t0))
	stage_end "$stage" "$t0" $((f == 0)) "$out"
}

step() { # stage cmd... : a build step; failure counts once
	local stage=$1 t0=$SECONDS log
	shift
	echo
	echo "=== $stage: $*"
	log=$(stage_log "$stage")
	if "$@" 2>&1 | tee "$log"; then
		summary+=("$(printf '%-28s %-40s %4ds' "$stage" "done" $((SECONDS - t0)))")
		stage_end "$stage" "$t0" 1 "$log"
		return 0
	fi
	record "$stage" 0 1 0 $((SECONDS - t0))
	stage_end "$stage" "$t0" 0 "$log"
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
			# QEMU 7.2's multi-threaded TCG runs stale code after a
			# cross-vCPU text patch on Debian's config, even on the
			# unpatched kernel (kernel-patch/README.md, "Oops: int3").
			# One host thread is slower: vm-tools.sh took 263 s of
			# the default 300 s per test there.
			[[ $flavor == distro ]] && vmopts=(--tcg-single --append rtisol.timeout=900)
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
