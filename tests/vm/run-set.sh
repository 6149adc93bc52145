#!/bin/sh
# run-set.sh SET - run every test line of /rtisol/sets/SET.d/*.list (in file
# name order) through run-tests.sh.  Lines are commands; "#" starts a
# comment; a line without "NAME=" whose words contain globs is expanded.
set_dir=/rtisol/sets/$1.d
if [ ! -d "$set_dir" ]; then
	echo "RTISOL-RESULT: 0 passed, 1 failed, 0 skipped (no test set '$1')"
	exit 1
fi
set --
for f in "$set_dir"/*.list; do
	[ -f "$f" ] || continue
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		# shellcheck disable=SC2086
		[ -z "$(echo $line)" ] && continue
		case $line in
		*=*) set -- "$@" "$line" ;;
		*\**)
			for w in $line; do set -- "$@" "$w"; done ;;
		*) set -- "$@" "$line" ;;
		esac
	done < "$f"
done
exec /rtisol/lib/run-tests.sh -t "${RTISOL_TEST_TIMEOUT:-300}" "$@"
