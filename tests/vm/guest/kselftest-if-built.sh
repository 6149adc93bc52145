#!/bin/sh
# kselftest-if-built.sh NAME - run the rt_isolation kselftest NAME when the
# kernel series has it (the build made the binary), else skip with a
# reason: the runtime RT set's userspace is on main before its kernel patch.
bin=/rtisol/selftests/rt_isolation/$1
if [ ! -x "$bin" ]; then
	echo "1..0 # SKIP $1 not built: the kernel series has no such test yet"
	exit 4	# KSFT_SKIP: counted as a skip by tests/lib/run-tests.sh
fi
exec "$bin"
