#!/bin/sh
# vm-rules.sh (issue 13) - the kernel's rules_x86_64 against the
# specification in docs/argument-rules.md, which the userspace parser
# (libisol/common/rules.c, tests/host/common/test-rules.c) follows: the
# canonical read-back of each example, every class of rejection leaving
# the previous set, the limits, isolctl writing and checking a rule, and
# isolctl audit naming the rule.
# The previous rules are restored.  SKIPs with the reason on a kernel
# without rules files.
here=$(dirname "$0")
. "$here/check.sh"
I=isolctl
K=/sys/kernel/rt_isolation
R=$K/rules_x86_64

if [ ! -e $R ]; then
	echo "1..0 # SKIP $R missing: this kernel has no argument rules (issue 13 kernel part)"
	exit 77
fi
old=$(cat $R)
base='1 fd0=pipe'

# canon "INPUT" "EXPECTED": the kernel accepts INPUT and reads back EXPECTED
canon() {
	check "canonical: $(printf '%s' "$1" | tr '\n' '|')" \
		"printf '%b' '$1' > $R && cat $R | tr '\\n' '|'" 0 "^$(printf '%b' "$2" | tr '\n' '|' | sed 's/[|]/\\|/g')\\|\$"
}
# reject "INPUT": -EINVAL, and the previous set (1 fd0=pipe) stays
reject() {
	printf '%s\n' "$base" > $R
	check "rejected, old set kept: $(printf '%s' "$1" | tr '\n' '|' | cut -c1-60)" \
		"printf '%b' '$1' > $R; rc=\$?; cat $R; exit \$rc" 1 "^1 fd0=pipe\$"
}

canon '  1  fd0=unix,pipe' '1 fd0=pipe,unix'
canon '202 arg1=0x81,128' '202 arg1=128,129'
canon '202 arg1&0x7F=9,0x1 fd1=pipe' '202 fd1=pipe arg1&0x7f=0x1,0x9'
canon '1 arg2=0x0010' '1 arg2=16'
canon '1 arg2&0x00ff=0' '1 arg2&0xff=0x0'
canon '1 fd0=chr:10:3,chr:4,signalfd' '1 fd0=signalfd,chr:4,chr:10:3'
canon '1 fd0=shmem,timerfd,eventfd,chr' '1 fd0=eventfd,timerfd,shmem,chr'
canon '230 arg0=1 arg1=1\n1 fd0=pipe\n1 fd0=eventfd\n\n0 fd0=pipe' \
	'0 fd0=pipe\n1 fd0=eventfd\n1 fd0=pipe\n230 arg0=1 arg1=1'
canon '1 arg0=18446744073709551615' '1 arg0=18446744073709551615'
canon '202 arg3=7 arg1&0x80=0x80 fd4=pipe arg1=129,128 fd1=pipe' \
	'202 fd1=pipe arg1=128,129 arg1&0x80=0x80 arg3=7 fd4=pipe'
check "read back, written back: the same text" "cat $R > /tmp/rb.\$\$ && cat /tmp/rb.\$\$ > $R && cmp /tmp/rb.\$\$ $R; r=\$?; rm -f /tmp/rb.\$\$; exit \$r"
check "a newline alone clears the set; the empty set reads as a newline" "echo > $R && od -c $R" 0 '^0000000 +\\n$'

reject '1 fd0=pip'
reject '1 fd6=pipe'
reject '1 arg6=1'
reject '01 fd0=pipe'
reject '0x1 fd0=pipe'
reject '4000 fd0=pipe'
reject '1'
reject '1 fd0='
reject '1 fd0=pipe,'
reject '1 arg1=010'
reject '1 arg1=0X10'
reject '1 arg1=-1'
reject '1 arg1=18446744073709551616'
reject '1 arg1&0=0'
reject '1 arg1&0x7f=0x80'
reject '1 arg1=1,1'
reject '1 fd0=pipe,pipe'
reject '1 fd0=chr,chr:4'
reject '1 fd0=chr:4096'
reject '1 fd0=chr:1:1048576'
reject '1 fd0=pipe fd0=unix'
reject '1 arg1=1 arg1=2'
reject '1 fd0=pipe\n1 fd0=pipe'
reject '1 fd0=pipe\r'
reject '1 arg0=1 arg1=1 arg2=1 arg3=1 arg4=1 arg5=1 fd0=pipe fd1=pipe fd2=pipe'
reject '1 arg1=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17'
many=$(i=0; while [ $i -lt 129 ]; do printf '%d arg0=1\\n' $i; i=$((i + 1)); done)
reject "$many"
check "128 rules are accepted" "i=0; while [ \$i -lt 128 ]; do printf '%d arg0=1\\n' \$i; i=\$((i + 1)); done > /tmp/r128.\$\$; cat /tmp/r128.\$\$ > $R; r=\$?; rm -f /tmp/r128.\$\$; wc -l < $R; exit \$r" 0 "^ *128$"

# ia32, when the kernel has it
if [ -e $K/rules_ia32 ]; then
	oldi=$(cat $K/rules_ia32)
	check "ia32: 32-bit values" "printf '240 arg1=0xffffffff,128\\n' > $K/rules_ia32 && cat $K/rules_ia32" 0 "^240 arg1=128,4294967295$"
	check "ia32: a value wider than 32 bits is refused" "printf '240 arg1=0x100000000\\n' > $K/rules_ia32" 1
	printf '%s\n' "$oldi" > $K/rules_ia32
else
	skip "ia32 rules" "no $K/rules_ia32 (no IA32_EMULATION)"
fi

# isolctl writes and checks a rule in the kernel (no isold here)
echo > $R
check "isolctl whitelist add --kernel write --args fd0=pipe" "$I whitelist add --kernel write --args fd0=pipe && cat $R" 0 "^1 fd0=pipe$"
check "isolctl whitelist show: the rule, in force" "$I whitelist show" 0 "^write +x86_64 +1 +fd0=pipe +yes "
check "isolctl whitelist check --args: in place by the rule" "$I whitelist check write --args fd0=pipe" 0 "in place by rule '1 fd0=pipe'"
check "isolctl whitelist check --args: wider is not" "$I whitelist check write --args fd0=pipe,shmem" 2 "displaces"
check "isolctl whitelist remove --kernel write --args fd0=pipe" "$I whitelist remove --kernel write --args fd0=pipe && cat $R" 0 "^$"
# isolctl audit names the rule that let a call run in place, and what the
# rule saw for a call that would displace: a write into a pipe, a write
# into /dev/null (character device 1:3, fd 1)
echo "1 fd0=pipe" > $R
AUD="$I audit --cpu 2 -- sh -c 'echo a > /dev/null; echo b | cat > /dev/null'"
check "isolctl audit: a write into a pipe, in place by the rule" "$AUD" 0 "^write +x86_64 +1 +[0-9]+ +in place by rule '1 fd0=pipe' +-\$"
check "isolctl audit: a write into /dev/null, would displace, and what the rule saw" "$AUD" 0 "^write +x86_64 +1 +[0-9]+ +would displace: not rule '1 fd0=pipe' +fd0=chr:1:3 \\(fd 1\\)\$"
check "isolctl audit --json carries the verdict" "$I audit --cpu 2 --json -- sh -c 'echo a > /dev/null; echo b | cat > /dev/null'" 0 '"verdict": "in place by rule'
printf '%s\n' "$old" > $R
check_done
