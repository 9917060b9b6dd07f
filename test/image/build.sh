#!/usr/bin/env bash
# Builds the Containerfile offline: the base from test/image/base.sh, the build context from
# test/image/context.mjs, npm packages from the host's npm cache (filled by `npm install`), mounted into the
# build's RUN steps. Prints the image name on stdout (last line).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/image/lib.sh
log() { printf '[image-build] %s\n' "$*" >&2; }

base=$(bash test/image/base.sh | tail -1)
# One tag per checkout, so worktrees sharing the storage do not replace each other's image.
image="localhost/dtready:test-$(pwd | sha256sum | cut -c1-12)"
context=$(mktemp -d "${TMPDIR:-/tmp}/dtready-image-context-XXXXXX")
trap 'rm -rf "$context"' EXIT
node test/image/context.mjs "$context"
npm_cache=$(npm config get cache)
# An image left by an interrupted run would otherwise stay behind, untagged, when the tag moves.
bh rmi "$image" >/dev/null 2>&1 || true

started=$(date +%s)
bh build --isolation chroot --layers=false --quiet -f Containerfile \
  --build-arg "BASE_IMAGE=$base" --build-arg NPM_CONFIG_OFFLINE=true \
  --volume "$npm_cache:/root/.npm" -t "$image" "$context" >&2
log "built $image in $(( $(date +%s) - started ))s ($(bh images --format '{{.Size}}' "$image"))"
echo "$image"
