#!/bin/bash
# test-installed.sh DEBDIR - the body of `make check-deb`: unpack the
# userspace packages that `make deb` left in DEBDIR into a scratch root
# (dpkg-deb -x: no maintainer script runs, nothing on the host changes) and
# run the tests against the installed files:
#   deb/contents       tests/deb/check-contents.sh (files, RPATH, hardening,
#                      links, pkg-config, man pages, completion)
#   deb/unit           tests/host/daemon/check-unit.sh on the installed unit
#   deb/tools-cli      tests/host/tools/test-cli.sh with the installed
#                      isolctl, isol-certify and isold
#   deb/isold/*        the daemon tests with the installed isold
#   deb/libisol/*      the libisol tests, built against libisol-dev with
#                      pkg-config and run on libisol1 (test-api also linked
#                      statically); daemon-claim against the installed isold
# Test programs that are not packaged (probes, isold-client, the daemon
# tests' harness) come from B (default build/host).  Ends with
# run-tests.sh's "RTISOL-RESULT: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
debs=${1:-build/deb}
B=${B:-build/host}
export B
root=$top/build/deb-root
work=$top/build/deb-tests

rm -rf "$root" "$work"
mkdir -p "$root" "$work"
n=0
for p in libisol1 libisol-dev isold rtisol-tools; do
	d=$(ls "$debs/${p}_"*.deb 2>/dev/null | head -1)
	[[ -n $d ]] || { echo "check-deb: no $p package in $debs: run make deb" >&2; exit 1; }
	dpkg-deb -x "$d" "$root"
	n=$((n + 1))
done
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
lib=$root/usr/lib/$ma
echo "check-deb: $n packages unpacked into ${root#"$top"/}"

# The libisol tests, built the way an application is: pkg-config on the
# installed libisol-dev, no RPATH; LD_LIBRARY_PATH finds libisol1's copy.
pc() { PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$lib/pkgconfig pkg-config "$@" libisol; }
cflags="-std=gnu11 -O2 -g -D_GNU_SOURCE -Wall -Wextra -Werror -Itests/lib $(pc --cflags)"
tests=()
for src in tests/host/libisol/test-*.c; do
	t=$(basename "$src" .c)
	[[ $t == test-kernel ]] && continue	# the VM's (patched kernel)
	if ! cc $cflags -o "$work/$t" "$src" $(pc --libs) -lpthread 2> "$work/$t.log"; then
		sed 's/^/check-deb: | /' "$work/$t.log"
	fi
	tests+=("deb/libisol/$t=env LD_LIBRARY_PATH=$lib $work/$t")
done
cc $cflags -static -o "$work/test-api-static" tests/host/libisol/test-api.c \
	$(pc --libs-only-L) -lisol -lpthread 2> "$work/test-api-static.log" ||
	sed 's/^/check-deb: | /' "$work/test-api-static.log"
tests+=("deb/libisol/test-api-static=$work/test-api-static")
# The claim path: the installed library asks the installed isold.
cc $cflags -Wno-format-truncation -Ilibisol/common -o "$work/daemon-claim" \
	tests/host/libisol/daemon-claim.c "$B/tests/daemon/harness.o" \
	$(pc --libs) -lpthread "$B/libisol-common.a" 2> "$work/daemon-claim.log" ||
	sed 's/^/check-deb: | /' "$work/daemon-claim.log"
tests+=("deb/libisol/daemon-claim=env LD_LIBRARY_PATH=$lib ISOLD=$root/usr/sbin/isold $work/daemon-claim")

for t in test-isold test-isold-malformed test-isold-restart; do
	tests+=("deb/isold/$t=env ISOLD=$root/usr/sbin/isold $B/tests/daemon/$t")
done

exec tests/lib/run-tests.sh \
	"deb/contents=tests/deb/check-contents.sh $root $debs" \
	"deb/unit=env ISOL_UNIT_ROOT=$root tests/host/daemon/check-unit.sh" \
	"deb/tools-cli=env ISOLCTL=$root/usr/bin/isolctl ISOL_CERTIFY=$root/usr/bin/isol-certify ISOLD=$root/usr/sbin/isold tests/host/tools/test-cli.sh" \
	"${tests[@]}"
