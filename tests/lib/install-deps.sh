#!/bin/bash
# install-deps.sh PKG[=VERSION]... - install the Debian packages that are
# missing, idempotently: apt-get update runs only when something is missing.
set -euo pipefail
. "$(dirname "$0")/progress.sh"
progress_init
log=build/deps.log

missing=()
for spec in "$@"; do
	name=${spec%%=*}
	want=
	[[ $spec == *=* ]] && want=${spec#*=}
	have=$(dpkg-query -W -f='${db:Status-Abbrev}|${Version}' "$name" 2>/dev/null || true)
	if [[ $have != ii* ]]; then
		missing+=("$spec")
	elif [[ -n $want && ${have#*|} != "$want" ]]; then
		missing+=("$spec")
	fi
done

if ((${#missing[@]} == 0)); then
	echo "deps: all $# packages present"
	exit 0
fi

echo "deps: installing ${missing[*]}"
[[ $(id -u) == 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
progress_run "deps: apt-get update" "$log" ${SUDO:-} apt-get update
for spec in "${missing[@]}"; do
	[[ $spec == *=* ]] || continue
	name=${spec%%=*} want=${spec#*=}
	if ! apt-cache madison "$name" | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
		grep -qxF "$want"; then
		echo "deps: $name version $want is not in the archive any more." >&2
		echo "deps: available: $(apt-cache madison "$name" | awk -F'|' '{gsub(/ /,"",$2); printf "%s ", $2}')" >&2
		echo "deps: update KERNEL_SRC_VERSION in the Makefile (the one pin)" \
			"and check that kernel-patch/series still applies." >&2
		exit 1
	fi
done
progress_run "deps: apt-get install (${#missing[@]} packages)" "$log.install" \
	${SUDO:-} apt-get install -y --no-install-recommends "${missing[@]}"
cat "$log.install" >> "$log" && rm -f "$log.install"
echo "deps: done"
