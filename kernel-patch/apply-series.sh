#!/bin/bash
# apply-series.sh SRC_TREE PATCH_DIR
#
# Bring SRC_TREE (an unpacked pristine tree) to "pristine + every patch in
# PATCH_DIR/series", incrementally: the applied patches are remembered in
# SRC_TREE/.rtisol/applied/; the longest unchanged prefix stays, the rest is
# reverse-applied and the new tail applied.  Files whose content ends up
# identical get their old mtime back, so kbuild rebuilds only what changed.
# A patch that does not apply leaves the tree at the last good state.
set -euo pipefail

src=$1
pdir=$2
state=$src/.rtisol/applied
mkdir -p "$state"
touch "$state/order"

mapfile -t new < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' \
	"$pdir/series" 2>/dev/null || true)
mapfile -t old < "$state/order"

k=0
while ((k < ${#old[@]} && k < ${#new[@]})) &&
	cmp -s "$state/${old[k]}" "$pdir/${new[k]}"; do
	k=$((k + 1))
done

if ((k == ${#old[@]} && k == ${#new[@]})); then
	echo "series: ${#new[@]} patches applied, unchanged"
	exit 0
fi

# Files touched by the patches leaving or entering: remember content+mtime.
touched() {
	sed -n -e 's#^+++ [ab]/\([^[:space:]]*\).*#\1#p' \
		-e 's#^--- a/\([^[:space:]]*\).*#\1#p' "$@" | sort -u
}
files=()
for ((i = k; i < ${#old[@]}; i++)); do files+=("$state/${old[i]}"); done
for ((i = k; i < ${#new[@]}; i++)); do files+=("$pdir/${new[i]}"); done
snap=$(mktemp)
trap 'rm -f "$snap"' EXIT
touched "${files[@]}" | while read -r f; do
	if [[ -f $src/$f ]]; then
		printf '%s %s %s\n' "$(sha1sum < "$src/$f" | cut -c1-40)" \
			"$(stat -c %Y "$src/$f")" "$f"
	fi
done > "$snap"

save_order() {
	printf '%s\n' "$@" > "$state/order.tmp"
	sed -i '/^$/d' "$state/order.tmp"
	mv "$state/order.tmp" "$state/order"
}

for ((i = ${#old[@]} - 1; i >= k; i--)); do
	echo "series: reverting ${old[i]}"
	patch -d "$src" -p1 -R -s -f --no-backup-if-mismatch \
		< "$state/${old[i]}"
	rm -f "$state/${old[i]}"
	save_order "${old[@]:0:i}"
done

applied=("${new[@]:0:k}")
for ((i = k; i < ${#new[@]}; i++)); do
	p=${new[i]}
	if [[ ! -f $pdir/$p ]]; then
		echo "series: $pdir/$p is listed in series but missing" >&2
		exit 1
	fi
	if ! patch -d "$src" -p1 -s -f --dry-run < "$pdir/$p" > /dev/null; then
		echo "series: $p does not apply to the tree (after ${#applied[@]} patches):" >&2
		patch -d "$src" -p1 -f --dry-run < "$pdir/$p" >&2 || true
		exit 1
	fi
	echo "series: applying $p"
	patch -d "$src" -p1 -s -f --no-backup-if-mismatch < "$pdir/$p"
	cp "$pdir/$p" "$state/$p"
	applied+=("$p")
	save_order "${applied[@]}"
done

# Give unchanged files their old mtime back.
while read -r sum mtime f; do
	[[ -f $src/$f ]] || continue
	if [[ $(sha1sum < "$src/$f" | cut -c1-40) == "$sum" ]]; then
		touch -m -d "@$mtime" "$src/$f"
	fi
done < "$snap"
echo "series: ${#applied[@]} patches applied"
