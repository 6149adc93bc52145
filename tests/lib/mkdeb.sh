#!/bin/bash
# mkdeb.sh - the body of `make deb`: build the userspace's Debian packages
# (debian/) from a copy of the tree in build/deb/src, put the .debs in
# build/deb/ and run lintian on them (errors and warnings fail).
#
# The copy holds the files git knows (tracked and untracked-not-ignored,
# so uncommitted edits are packaged) plus the syscall tables the outer
# build extracted from the pinned kernel source (the package build would
# otherwise extract them again from linux-source-6.12, a Build-Depends).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=build/deb
src=$out/src/rtisol
log=$out/build.log

rm -rf "$out"
mkdir -p "$src/build"
if git rev-parse --git-dir > /dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
		xargs -0 cp --parents -t "$src"
else
	tar -C "$top" --exclude=./build -cf - . | tar -C "$src" -xf -
fi
cp -r build/syscall-tables "$src/build/"

echo "deb: dpkg-buildpackage -b in $src (log: $log)"
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -b -us -uc) > "$log" 2>&1; then
	tail -25 "$log" | sed 's/^/deb:   | /'
	echo "deb: dpkg-buildpackage failed; whole log: $log" >&2
	exit 1
fi
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out"/
for d in "$out"/*.deb; do
	printf 'deb: %-48s %s\n' "${d##*/}" "$(dpkg-deb -f "$d" Installed-Size) KiB installed"
done

# Errors and warnings fail; info and pedantic tags are shown, not fatal.
echo "deb: lintian"
rc=0
lintian --fail-on error,warning --info --display-info --pedantic \
	"$out"/*.changes > "$out/lintian.log" 2>&1 || rc=$?
sed 's/^/deb:   /' "$out/lintian.log"
if ((rc)); then
	echo "deb: lintian found errors or warnings (exit $rc): $out/lintian.log" >&2
	exit 1
fi
echo "deb: lintian: no errors, no warnings"
