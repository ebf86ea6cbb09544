#!/usr/bin/env bash
# Fetch ReplayWeb.page's built app (ui.js and sw.js, from its npm package) into
# .cache/replaywebpage/ for tests/test_replayweb.py, which loads our WACZ in it offline.
# `npm pack` downloads the package alone: the built files need none of its dependencies,
# which `npm install` cannot always resolve. Does nothing when the pinned version is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# The pin, and the tarball's digest: a different file under the same version is refused.
VERSION=2.5.3
SHA256=b7d35c39c4da9b7121c5a393911d8675d4cc6f19513c380191e16b086bea812c
target=.cache/replaywebpage

if [ "$(cat "$target/VERSION" 2>/dev/null)" = "$VERSION" ] \
    && [ -s "$target/ui.js" ] && [ -s "$target/sw.js" ]; then
    exit 0
fi
command -v npm >/dev/null || { echo "fetch-replaywebpage: npm not found (apt-get install nodejs npm)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$work/replaywebpage-$VERSION.tgz
(cd "$work" && npm pack --silent "replaywebpage@$VERSION" >/dev/null)
echo "$SHA256  $tarball" | sha256sum --check --quiet - \
    || { echo "fetch-replaywebpage: $tarball is not the pinned replaywebpage@$VERSION" >&2; exit 1; }
# The embed needs only these two scripts; the licence travels with them.
tar -xzf "$tarball" -C "$work" package/ui.js package/sw.js package/LICENSE
echo "$VERSION" >"$work/package/VERSION"
# Swapped in whole, so an interrupted fetch never leaves a half-written app behind.
mkdir -p .cache
rm -rf "$target.new" && mv "$work/package" "$target.new"
rm -rf "$target" && mv "$target.new" "$target"
echo "fetch-replaywebpage: replaywebpage $VERSION in $target"
