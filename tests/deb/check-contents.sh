#!/bin/sh
# check-contents.sh ROOT DEBDIR - the installed files of the userspace
# packages (unpacked into ROOT by test-installed.sh): each package holds
# what it should, the programs and the library carry no build-tree
# RPATH/RUNPATH and are hardened, the library's links and pkg-config file
# work for a program built against them (shared and static), every man page
# renders, every program and exported function has one, the completion
# completes with the installed programs.
root=$1 debs=$2
here=$(dirname "$0")
. "$here/../host/tools/check.sh"
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
lib=$root/usr/lib/$ma
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- what each package holds
has() { # package file...
	_p=$1; shift
	dpkg-deb -c "$debs/${_p}_"*.deb | awk '{ print $6 }' | sed 's#^\./#/#' > "$tmp/list"
	for _f in "$@"; do
		check "$_p holds $_f" "grep -qxF '$_f' $tmp/list"
	done
}
# libisol.so.1 links to the library's file, libisol.so.1.MINOR.PATCH
real=$(readlink "$lib/libisol.so.1")
has libisol1 "/usr/lib/$ma/$real" /usr/lib/$ma/libisol.so.1 \
	/usr/share/doc/libisol1/copyright
has libisol-dev /usr/include/isol/isol.h /usr/lib/$ma/libisol.a \
	/usr/lib/$ma/libisol.so /usr/lib/$ma/pkgconfig/libisol.pc \
	/usr/share/man/man3/isol_rt_enter.3.gz
has isold /usr/sbin/isold /etc/isol/isold.conf \
	/etc/isol/whitelist.d/00-rt-loop.conf /lib/systemd/system/isold.service \
	/usr/share/man/man8/isold.8.gz /usr/share/man/man5/isold.conf.5.gz
has rtisol-tools /usr/bin/isolctl /usr/bin/isol-certify \
	/usr/share/bash-completion/completions/isolctl \
	/usr/share/bash-completion/completions/isol-certify \
	/usr/share/man/man8/isolctl.8.gz /usr/share/man/man8/isol-certify.8.gz
check "isold's conffiles are its configuration" \
	"dpkg-deb --ctrl-tarfile $debs/isold_*.deb | tar -xOf - ./conffiles | sort | tr '\n' ' '" 0 \
	"^/etc/isol/isold.conf /etc/isol/whitelist.d/00-rt-loop.conf /etc/isol/whitelist.d/01-rt-loop-ia32.conf $"
check "nothing is installed under /run, /var/run or /usr/local" \
	"! find $root/run $root/var/run $root/usr/local 2>/dev/null | grep -q ."
check "libisol-dev depends on the same libisol1" \
	"dpkg-deb -f $debs/libisol-dev_*.deb Depends" 0 "libisol1 \(= [^)]+\)"
check "isold depends on libnuma (shlibs)" "dpkg-deb -f $debs/isold_*.deb Depends" 0 "libnuma1"
check "rtisol-tools depends on libsmartcols (shlibs)" \
	"dpkg-deb -f $debs/rtisol-tools_*.deb Depends" 0 "libsmartcols1"

# --- ELF files: no build-tree paths, hardened, resolvable
elfs=$(find "$root" -type f | while read -r f; do
	[ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"; done)
check "the packages hold 4 ELF files (3 programs, the library)" \
	"echo '$elfs' | grep -c ." 0 "^4$"
for f in $elfs; do
	n=${f#"$root"}
	check "$n has no RPATH/RUNPATH" "! readelf -d $f | grep -E 'RPATH|RUNPATH'"
	check "$n: full RELRO (GNU_RELRO + BIND_NOW)" \
		"readelf -lW $f | grep -q GNU_RELRO && readelf -d $f | grep -qE 'FLAGS.*(BIND_NOW| NOW)'"
	check "$n: non-executable stack" "readelf -lW $f | grep GNU_STACK" 0 " RW +0x"
	check "$n: every library it needs is found" \
		"LD_LIBRARY_PATH=$lib ldd $f | grep 'not found'; test \$? = 1"
	case $n in
	/usr/*bin/*)
		check "$n is PIE" "readelf -h $f" 0 "Type: +DYN"
		check "$n uses fortified libc calls" "readelf --dyn-syms -W $f" 0 "__[a-z]+_chk"
		;;
	esac
done

# --- the library: soname links, pkg-config, a program built against it
check "libisol.so.1 -> $real, a file" "test -f $lib/$real && ! test -L $lib/$real && echo $real" 0 "^libisol\.so\.1\.[0-9]+\.[0-9]+$"
check "libisol.so -> libisol.so.1" "readlink $lib/libisol.so" 0 "^libisol.so.1$"
check "SONAME libisol.so.1" "readelf -d $lib/$real" 0 "SONAME.*\[libisol.so.1\]"
pc="PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$lib/pkgconfig pkg-config"
check "pkg-config --cflags --libs libisol points into the installed tree" \
	"$pc --cflags --libs libisol" 0 "^-I$root/usr/include -L$lib -lisol"
cat > "$tmp/t.c" <<'C'
#define _GNU_SOURCE	/* <isol/isol.h> needs it (cpu_set_t) */
#include <stdio.h>
#include <isol/isol.h>
int main(void)
{
	int nr = isol_syscall_nr("getppid");

	printf("getppid %d %s %s\n", nr, isol_syscall_name(nr),
	       isol_strerror(-22));
	return nr != 110;
}
C
check "a program builds with pkg-config libisol (shared)" \
	"cc -std=c99 -Wall -Werror \$($pc --cflags libisol) -o $tmp/t $tmp/t.c \$($pc --libs libisol)"
check "... and runs on the installed libisol.so.1" \
	"LD_LIBRARY_PATH=$lib $tmp/t && LD_LIBRARY_PATH=$lib ldd $tmp/t" 0 "libisol.so.1 => $lib/libisol.so.1"
check "a program builds with pkg-config --static libisol" \
	"cc -std=c99 -Wall -Werror \$($pc --cflags libisol) -o $tmp/ts $tmp/t.c -Wl,-Bstatic \$($pc --libs-only-L libisol) -lisol -Wl,-Bdynamic \$($pc --static --libs-only-l libisol | sed 's/-lisol//')"
check "... runs without libisol.so" "$tmp/ts && ! ldd $tmp/ts | grep -q libisol" 0 "^getppid 110 getppid"

# --- man pages: render, and one for every program and exported function
for m in $(find "$root/usr/share/man" -name '*.gz' | sort); do
	check "man page ${m#"$root"} renders without warnings" \
		"man --warnings -l $m 2>&1 >/dev/null | grep . && exit 1; exit 0"
done
for p in usr/bin/isolctl usr/bin/isol-certify usr/sbin/isold; do
	check "$p has a man page" "ls $root/usr/share/man/man8/${p##*/}.8.gz"
done
for s in $(nm -D --defined-only "$lib/$real" | awk '$3 ~ /^isol_/ { sub(/@.*/, "", $3); print $3 }'); do
	check "exported $s has a man page" "ls $root/usr/share/man/man3/$s.3.gz"
done

# --- programs run; the completion completes with them
check "isolctl --version" "$root/usr/bin/isolctl --version" 0 "^isolctl from rtisol"
check "isol-certify --help" "$root/usr/bin/isol-certify --help" 0 "^Usage:"
check "isold --version" "$root/usr/sbin/isold --version" 0 "^isold [0-9]"
comp=$root/usr/share/bash-completion/completions
if [ -f /usr/share/bash-completion/bash_completion ]; then
	check "installed completion offers isolctl commands" \
		"bash -c '. /usr/share/bash-completion/bash_completion; . $comp/isolctl; COMP_WORDS=(isolctl st); COMP_CWORD=1; COMP_LINE=\"isolctl st\"; COMP_POINT=10; _isolctl; echo \${COMPREPLY[*]}'" 0 "^stats status$|^status stats$"
	check "installed completion asks the installed isol-certify for profiles" \
		"PATH=$root/usr/bin:/usr/bin:/bin bash -c '. /usr/share/bash-completion/bash_completion; . $comp/isol-certify; COMP_WORDS=(isol-certify futex --args \"\"); COMP_CWORD=3; COMP_LINE=\"isol-certify futex --args \"; COMP_POINT=25; _isol_certify; echo \${COMPREPLY[*]}'" 0 "futex:wait-private futex:wake-private"
else
	skip "installed completion" "bash-completion not installed"
fi
check_done
