#!/usr/bin/env bash
# The container image in the test command: build it offline (build.sh) and smoke-test it (smoke.ts), then
# remove the app image (the base stays cached). Needs root, buildah, debootstrap and the running test cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/image/lib.sh
image=$(bash test/image/build.sh | tail -1)
trap 'bh rmi "$image" >/dev/null 2>&1 || true' EXIT
started=$(date +%s)
node --import tsx test/image/smoke.ts "$image"
printf '[image-smoke] %ss\n' "$(( $(date +%s) - started ))" >&2
