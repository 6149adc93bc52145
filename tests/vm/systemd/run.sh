#!/bin/bash
# run.sh [KERNEL] - the packaged userspace under systemd in the VM: unpack
# the packages of build/deb (make deb) into a root, add the host's systemd
# (PID 1, systemctl, the targets) and the test set "systemd", pack it as
# build/initramfs-systemd.cpio and boot KERNEL (default: the distro-config
# kernel, build/kernel-distro: the sandbox needs namespaces, seccomp and
# cgroups, which the tiny guest kernel does not have) with
# systemd.unit=rtisol-test.service.  Exit status: tests/vm/run's.
set -euo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
kernel=${1:-build/kernel-distro/arch/x86/boot/bzImage}
debs=build/deb
pkgroot=build/systemd-root
out=build/initramfs-systemd.cpio
[[ -r $kernel ]] || { echo "systemd: $kernel missing (make check-distro-config builds it)" >&2; exit 64; }

rm -rf "$pkgroot"
mkdir -p "$pkgroot"
for p in libisol1 isold rtisol-tools; do
	d=$(ls "$debs/${p}_"*.deb 2>/dev/null | head -1)
	[[ -n $d ]] || { echo "systemd: no $p package in $debs: run make deb" >&2; exit 64; }
	dpkg-deb -x "$d" "$pkgroot"
done

files=()
# The packages, at their installed paths (links become copies).
while IFS= read -r f; do
	files+=(--file "$f:${f#"$pkgroot"}")
done < <(find "$pkgroot" \( -type f -o -type l \) ! -path '*/usr/share/*')
# systemd 252 of the host: the manager, its shutdown helper, systemctl and
# the targets and slices (not their .wants: nothing else starts).
for f in /lib/systemd/systemd /lib/systemd/systemd-shutdown /bin/systemctl; do
	files+=(--file "$(readlink -f "$f"):$f")
done
for f in /lib/systemd/system/*.target /lib/systemd/system/*.slice \
	/lib/systemd/system/systemd-poweroff.service; do
	[[ -f $f ]] && files+=(--file "$f:$f")
done
files+=(--file tests/vm/systemd/rtisol-test.service:/etc/systemd/system/rtisol-test.service
	--file tests/vm/systemd/isold-log.conf:/etc/systemd/system/isold.service.d/log.conf
	--file tests/host/daemon/vm-systemd.sh:/rtisol/tests/daemon/vm-systemd.sh
	--file examples/isol-rt-app.service:/rtisol/tests/daemon/isol-rt-app.service
	--file tests/host/tools/check.sh:/rtisol/tests/tools/check.sh
	--file /usr/bin/nsenter:/usr/bin/nsenter)
# The drop-in isold.service needs for runtime reservation, from the package
# (its documentation is left out above).
dropin=usr/share/doc/isold/examples/isold-runtime-reserve.conf
[[ -f $pkgroot/$dropin ]] && files+=(--file "$pkgroot/$dropin:/$dropin")
tests/lib/mkinitramfs.sh --out "$out" "${files[@]}"
# --tcg-single: the distro-config kernel under multi-threaded TCG
# (kernel-patch/README.md, "Oops: int3").
exec tests/vm/run --kernel "$kernel" --initrd "$out" --timeout 900 --tcg-single \
	--append "rtisol.systemd=1 systemd.unit=rtisol-test.service systemd.show_status=0" systemd
