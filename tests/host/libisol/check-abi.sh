#!/bin/sh
# check-abi.sh - the ABI of libisol.so.1: soname, only isol_* exported, all
# versioned LIBISOL_1.0 or LIBISOL_1.1, the 1.0 symbols still in
# LIBISOL_1.0 (a released node never changes), a man page (with the
# required sections) for each, and the public header compiles on its own.  Run from the repository root
# with B set (make check-host does both).
B=${B:-build/host}
so=$B/libisol/libisol.so.1
man=libisol/man/man3
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

[ -f "$so" ] || { echo "1..0 # SKIP $so not built"; exit 77; }
command -v readelf >/dev/null || { echo "1..0 # SKIP no readelf"; exit 77; }

soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
check "soname is libisol.so.1 ($soname)" '[ "$soname" = libisol.so.1 ]'

# Defined dynamic symbols, name@version, functions and objects alike.
syms=$(readelf --dyn-syms -W "$so" | awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $4 != "SECTION" &&
	$4 != "FILE" && $8 != "" { print $8 }' | grep -v '^LIBISOL_1\.[01]$')
bad=$(printf '%s\n' "$syms" | grep -v '^isol_[a-z0-9_]*@@LIBISOL_1\.[01]$')
check "every exported symbol is isol_*@@LIBISOL_1.0 or 1.1${bad:+ (not: $bad)}" \
	'[ -z "$bad" ]'
# LIBISOL_1.0 as released: exactly these, never moved or removed.
v10="isol_backend isol_notify_syscall isol_rt_cpus isol_rt_enter isol_rt_leave
isol_rt_status isol_set_print isol_strerror isol_syscall_allowed
isol_syscall_name isol_syscall_nr"
missing10=
for s in $v10; do
	printf '%s\n' "$syms" | grep -qx "$s@@LIBISOL_1.0" || missing10="$missing10 $s"
done
check "the 11 LIBISOL_1.0 symbols are still LIBISOL_1.0${missing10:+ (not:$missing10)}" \
	'[ -z "$missing10" ]'
n10=$(printf '%s\n' "$syms" | grep -c '@@LIBISOL_1\.0$')
check "LIBISOL_1.0 has exactly 11 symbols ($n10)" '[ "$n10" -eq 11 ]'
check "isol_syscall_allowed_args is LIBISOL_1.1" \
	'printf "%s\n" "$syms" | grep -qx "isol_syscall_allowed_args@@LIBISOL_1.1"'
check "version node LIBISOL_1.1 defined" \
	'readelf -V "$so" | grep -q "Name: LIBISOL_1.1"'
check "header says libisol 1.1" \
	'grep -q "define LIBISOL_MINOR_VERSION 1" libisol/include/isol/isol.h'
count=$(printf '%s\n' "$syms" | grep -c .)
check "exports $count symbols" '[ "$count" -ge 10 ]'
check "version node LIBISOL_1.0 defined" \
	'readelf -V "$so" | grep -q "Name: LIBISOL_1.0"'

for s in $(printf '%s\n' "$syms" | sed 's/@@.*//'); do
	page=$man/$s.3
	missing=
	for sec in NAME SYNOPSIS DESCRIPTION "RETURN VALUE" ERRORS EXAMPLE; do
		grep -q "^\.SH \"*$sec" "$page" 2>/dev/null || missing="$missing $sec"
	done
	check "man page $page${missing:+ lacks:$missing}" \
		'[ -f "$page" ] && [ -z "$missing" ]'
done

for p in "$man"/*.3; do
	f=$(basename "$p" .3)
	check "man page $f documents an exported function" \
		'printf "%s\n" "$syms" | grep -q "^$f@@"'
done

tmp=${TMPDIR:-/tmp}/check-abi.$$
printf '#include <isol/isol.h>\nint main(void) { return isol_backend() < 0; }\n' \
	> "$tmp.c"
check "<isol/isol.h> compiles alone (C99, -D_GNU_SOURCE -Wall -Werror -pedantic)" \
	'${CC:-gcc} -std=c99 -D_GNU_SOURCE -Wall -Wextra -Werror -pedantic -Ilibisol/include -c -o "$tmp.o" "$tmp.c"'
check "<isol/isol.h> compiles as C++" \
	'${CXX:-g++} -x c++ -Wall -Werror -Ilibisol/include -c -o "$tmp.o" "$tmp.c" 2>/dev/null || ! command -v ${CXX:-g++} >/dev/null'
check "libisol.pc names libisol $(sed -n 's/^Version: //p' "$B/libisol/libisol.pc" 2>/dev/null)" \
	'grep -q "^Libs: .*-lisol" "$B/libisol/libisol.pc"'
check "libisol.a has the API" \
	'nm "$B/libisol/libisol.a" 2>/dev/null | grep -q " T isol_rt_enter$"'
rm -f "$tmp.c" "$tmp.o"
echo "1..$n"
exit $fail
