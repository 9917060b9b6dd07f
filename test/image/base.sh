#!/usr/bin/env bash
# The Containerfile's BASE_IMAGE made without a container registry: Debian's own packages (debootstrap,
# minbase) plus the pinned Node from the npm registry (.node-version; binary and headers, as the official
# node images have them in /usr/local) and npm from the npm registry.
#
# The root filesystem is cached as a tarball in ~/.cache/dtready/image-base/<key>.tar, the key naming the
# recipe version and every input; it is imported into the buildah storage once (test/image/lib.sh).
# Prints the image name on stdout (last line). Needs root (debootstrap, buildah with the vfs driver).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/image/lib.sh

# Bump when the recipe changes, so caches from an older recipe are rebuilt.
RECIPE=1
SUITE=bookworm
MIRROR="${DTREADY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NODE_VERSION=$(cat .node-version)
# The npm of the development machines: it honours package.json's allowScripts (no Prisma engine download).
NPM_VERSION=11.19.1
ARCH=$(dpkg --print-architecture)
KEY="r$RECIPE-debian-$SUITE-node$NODE_VERSION-npm$NPM_VERSION-$ARCH"
IMAGE="localhost/dtready-base:$KEY"
TARBALL="$CACHE_ROOT/image-base/$KEY.tar"

log() { printf '[image-base] %s\n' "$*" >&2; }

if [[ ! -f "$TARBALL" ]]; then
  [[ $(id -u) -eq 0 ]] || { log "debootstrap needs root"; exit 1; }
  command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
  started=$(date +%s)
  work=$(mktemp -d "$CACHE_ROOT/.image-base-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  log "debootstrap $SUITE (minbase + ca-certificates) from $MIRROR"
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$rootfs" "$MIRROR" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

  node_dir=$(node scripts/node-runtime.mjs --pinned)
  log "Node $NODE_VERSION from $node_dir, npm $NPM_VERSION from the npm registry"
  install -m 0755 "$node_dir/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules/npm"
  cp -r "$node_dir/include/node" "$rootfs/usr/local/include/node"
  (cd "$work" && npm pack "npm@$NPM_VERSION" --silent >/dev/null)
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

  # What an image does not need: package lists, caches, documentation.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
    "$rootfs"/var/log/* "$rootfs"/tmp/*
  tar --numeric-owner -C "$rootfs" -cf "$work/rootfs.tar" .
  mkdir -p "$(dirname "$TARBALL")"
  mv "$work/rootfs.tar" "$TARBALL"
  log "made $TARBALL ($(du -m "$TARBALL" | cut -f1) MB) in $(( $(date +%s) - started ))s"
fi

if ! bh inspect --type image "$IMAGE" >/dev/null 2>&1; then
  started=$(date +%s)
  ctr=$(bh from scratch)
  bh add --quiet "$ctr" "$TARBALL" / >/dev/null
  bh config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node "$ctr"
  bh commit --quiet --rm "$ctr" "$IMAGE" >/dev/null
  log "imported $IMAGE in $(( $(date +%s) - started ))s"
else
  log "reusing $IMAGE"
fi
echo "$IMAGE"
