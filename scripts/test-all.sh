#!/usr/bin/env bash
# The whole test suite, from a fresh clone: `npm install && npm test`. .ci/run calls exactly that.
# Needs Go (kube-apiserver and helm are built from the Go module proxy on first use), Debian's Chromium for
# e2e, and root with Debian's buildah and debootstrap for the container image (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# Each step's wall time is printed when the next one starts (cold and warm caches differ: see the README).
step_name=""
step_started=$(date +%s)
step() {
  local now
  now=$(date +%s)
  [[ -n $step_name ]] && printf '    [%ss: %s]\n' "$(( now - step_started ))" "$step_name"
  step_name="$*"
  step_started=$now
  printf '\n==> %s\n' "$*"
}

if [[ ! -x /usr/bin/chromium ]]; then
  step "installing Debian's Chromium for the e2e tests"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
# The image test builds with Debian's buildah and makes its base image with debootstrap (test/image/).
if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  step "installing Debian's buildah and debootstrap for the container image test"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah debootstrap >/dev/null
  else
    echo "buildah and debootstrap are missing (and need root): sudo apt-get install buildah debootstrap" >&2
    exit 1
  fi
fi
# xmllint validates the JUnit export against test/schemas/junit.xsd (lib/report/exports.test.ts).
command -v xmllint >/dev/null || { [[ $(id -u) -eq 0 ]] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null; } || { echo "xmllint is missing: sudo apt-get install libxml2-utils" >&2; exit 1; }

# Node 24 LTS is what dtready is tested on: the machine's when it is 24.x, else the pinned release from the
# npm registry (cached in ~/.cache/dtready; scripts/node-runtime.mjs). Everything below runs on it.
step "Node runtime"
node_bin=$(node scripts/node-runtime.mjs --tests)
export PATH="$node_bin:$PATH"
echo "node $(node --version) ($(command -v node))"

step "prisma generate"
npx prisma generate >/dev/null

step "typecheck"
npx tsc --noEmit -p .

step "lint (typescript-eslint type-checked rules, layer zones, environment only in lib/env.ts)"
npx eslint .

step "unit tests"
npx vitest run --project unit

step "test cluster (builds kube-apiserver and etcd on first use)"
npm run -s test:cluster:up
trap 'npm run -s test:cluster:down >/dev/null 2>&1 || true' EXIT

step "helm and the Gateway API CRDs (built from the Go module proxy on first use) for the chart tests"
bash test/helm/build.sh >/dev/null

step "integration tests (real kube-apiserver, real SQLite, the Helm chart's server-side dry runs)"
npx vitest run --project integration

step "container image (built offline with buildah from a debootstrap base, then smoke-tested)"
bash test/image/test.sh

step "production build"
npx next build >/dev/null

step "e2e tests (Playwright, Debian Chromium, production build)"
npx playwright test

step "done"
echo "all tests passed"
