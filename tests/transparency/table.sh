#!/bin/bash
# table.sh LOG... - the transparency table (Markdown) from guest console
# logs: one row per "TRANSP-ROW suite|test|plain|displaced|displacements|note"
# line; a log whose kernel command line has "nofsgsbase" marks its rows.
set -euo pipefail
echo "| suite | test | plain | displaced | displacements | note |"
echo "|---|---|---|---|---:|---|"
for log in "$@"; do
	boot=
	grep -aq 'tests on CPU.*nofsgsbase' "$log" && boot=" (nofsgsbase)"
	grep -a '^ *TRANSP-ROW ' "$log" | sed 's/^ *TRANSP-ROW //' |
		awk -F'|' -v b="$boot" '{ printf "| %s%s | %s | %s | %s | %s | %s |\n", $1, b, $2, $3, $4, $5, $6 }'
done
