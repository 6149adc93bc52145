#!/bin/bash
# mkinitramfs.sh --out FILE [--ksrc TREE --build DIR] [--file SRC:DST]...
#
# Packs the guest userspace: busybox (static) with its applets, the guest
# init and test runner, the test sets, every --file (ELF files get the
# shared libraries ldd lists, so dynamically linked programs run as on the
# host), cyclictest, stress-ng and the rt-tests programs of the
# transparency lists, the rt_isolation kselftests built from the patched
# tree TREE (when the series provides them) and the upstream kselftests of
# the transparency suites (tests/transparency/build-suites.sh).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out= ksrc= build=
files=()
while (($#)); do
	case $1 in
	--out) out=$2; shift 2 ;;
	--ksrc) ksrc=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--file) files+=("$2"); shift 2 ;;
	*) echo "mkinitramfs: unknown argument $1" >&2; exit 2 ;;
	esac
done
[[ -n $out ]] || { echo "mkinitramfs: --out is required" >&2; exit 2; }

root=$out.root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/lib,lib,lib64,etc,proc,sys,dev,tmp,run,root,var/tmp} \
	"$root"/rtisol/{lib,sets,tests,selftests} "$root"/etc/isol/whitelist.d

# busybox and its applets (relative links: they must never resolve on the
# host while the tree is being filled).
cp /bin/busybox "$root/bin/busybox"
applets=$(/bin/busybox --list-full) ||
	{ echo "mkinitramfs: /bin/busybox is not busybox-static's (reinstall it)" >&2; exit 1; }
while read -r applet; do
	[[ $applet == bin/busybox ]] && continue
	d=$(dirname "$applet")
	up=$(sed -E 's#[^/]+#..#g' <<< "$d")
	[[ -e $root/$applet ]] || ln -s "$up/bin/busybox" "$root/$applet"
done <<< "$applets"

libs_of() { # copy the shared libraries of ELF file $1
	local lib
	while read -r lib; do
		[[ -n $lib && -e $lib ]] || continue
		case $lib in
		/lib/* | /lib64/* | /usr/lib/* | /usr/lib64/*)
			[[ -L $root$lib ]] || cp -L --parents -n "$lib" "$root/" ;;
		*)	# the project's own libraries (found through a build-tree
			# rpath): the guest finds them in /usr/lib
			cp -L -n "$lib" "$root/usr/lib/" ;;
		esac
	done < <(ldd "$1" 2>/dev/null | grep -oE '(/[^ ]+)' | sort -u)
}

install_file() { # src dst
	mkdir -p "$root/$(dirname "$2")"
	# Never write through an applet symlink (it points at the host's
	# /bin/busybox): replace it.
	rm -f "$root/$2"
	cp -L "$1" "$root/$2"
	libs_of "$1"
}

install_file "$top/tests/vm/init" /init
chmod +x "$root/init"
install_file "$top/tests/lib/run-tests.sh" /rtisol/lib/run-tests.sh
install_file "$top/tests/vm/run-set.sh" /rtisol/lib/run-set.sh
cp -r "$top/tests/vm/sets/." "$root/rtisol/sets/"
mkdir -p "$root/rtisol/tests/vm"
cp "$top"/tests/vm/guest/* "$root/rtisol/tests/vm/"

for f in /usr/bin/cyclictest /usr/bin/stress-ng /usr/bin/taskset /usr/bin/chrt \
	$(sed 's/#.*//' "$top"/tests/transparency/*.list | awk '$4 ~ /^\// { print $4 }' | sort -u); do
	[[ -x $f ]] && install_file "$f" "$f"
done

for spec in "${files[@]}"; do
	src=${spec%%:*} dst=${spec#*:}
	[[ -e $src ]] || { echo "mkinitramfs: $src missing (GUEST_INSTALL)" >&2; exit 1; }
	install_file "$src" "$dst"
done

# Kernel selftests of the series, built from the patched tree.
st=$ksrc/tools/testing/selftests/rt_isolation
if [[ -n $ksrc && -d $st ]]; then
	mkdir -p "$build/rt_isolation"
	make -s -C "$st" OUTPUT="$(realpath "$build")/rt_isolation" \
		> "$build/rt_isolation.log" 2>&1 ||
		{ cat "$build/rt_isolation.log" >&2; echo "mkinitramfs: selftests failed to build" >&2; exit 1; }
	for f in "$build"/rt_isolation/*; do
		[[ -f $f && -x $f ]] && install_file "$f" "/rtisol/selftests/rt_isolation/${f##*/}"
	done
fi

# The upstream kselftests of the transparency suites (tests/transparency/).
if [[ -n $ksrc && -d $ksrc/tools/testing/selftests/x86 ]]; then
	"$top/tests/transparency/build-suites.sh" --ksrc "$ksrc" \
		--out "$build/transparency" > "$build/transparency.log" 2>&1 ||
		{ grep -v 'statically linked' "$build/transparency.log" >&2; exit 1; }
	mkdir -p "$root/rtisol/transparency"
	cp -r "$build/transparency/stage/." "$root/rtisol/transparency/"
fi

cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat > "$root/etc/group" <<'GR'
root:x:0:
nogroup:x:65534:
GR
echo rtisol-vm > "$root/etc/hostname"

(cd "$root" && find . -print0 | sort -z |
	cpio -o -H newc --null --quiet -R 0:0) > "$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out ($(du -h "$out" | cut -f1))"
