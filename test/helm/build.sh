#!/usr/bin/env bash
# Builds helm from the Go module proxy into a cache outside the repository, like test/cluster/build.sh does
# for kube-apiserver, and fetches the Gateway API CRDs (the chart's HTTPRoute) from the same proxy's
# sigs.k8s.io/gateway-api module. Prints two lines on stdout: the helm binary, then the CRD directory.
# Reuses a finished build.
set -euo pipefail

HELM_VERSION="${DTREADY_HELM_VERSION:-v3.22.0}"
# v1.7.0 needs Go 1.27; v1.6.3 is the newest this Go (1.26) can download.
GATEWAY_API_VERSION="${DTREADY_GATEWAY_API_VERSION:-v1.6.3}"
CACHE_ROOT="${DTREADY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dtready}"
# Bump when the way helm is built changes, so caches from an older recipe are rebuilt.
RECIPE=1
OUT="$CACHE_ROOT/helm-$HELM_VERSION"
CRDS="$CACHE_ROOT/gateway-api-$GATEWAY_API_VERSION/crd-standard"

log() { printf '[helm-build] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "Go is required to build helm (https://go.dev/dl)"; exit 1; }

if [[ -x "$OUT/bin/helm" && -f "$OUT/.complete" ]] && grep -qx "recipe=$RECIPE" "$OUT/.complete"; then
  log "reusing $OUT/bin/helm"
else
  started=$(date +%s)
  rm -rf "$OUT"
  mkdir -p "$OUT/bin"
  log "building helm $HELM_VERSION from the Go module proxy"
  # Stamped as helm's own Makefile does: its version, and the Kubernetes version that `helm template` and
  # `helm lint` assume (client-go v0.X.Y -> 1.X; unstamped, helm assumes 1.20 and refuses kubeVersion >= 1.25).
  gomod=$(cd "$(mktemp -d)" && go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  k8s_minor=$(awk '$1 == "k8s.io/client-go" {split($2, v, "."); print v[2]; exit}' "$gomod")
  ldflags="-s -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s_minor"
  done
  GOBIN="$OUT/bin" CGO_ENABLED=0 go install -trimpath -ldflags="$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
  printf 'recipe=%s\nhelm=%s\nbuild_seconds=%s\n' "$RECIPE" "$HELM_VERSION" "$(( $(date +%s) - started ))" > "$OUT/.complete"
  log "built in $(( $(date +%s) - started ))s"
fi

if [[ ! -f "$CRDS/.complete" ]]; then
  dir=$(cd "$(mktemp -d)" && go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [[ -d "$dir/config/crd/standard" ]] || { log "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION has no config/crd/standard"; exit 1; }
  rm -rf "$CRDS" && mkdir -p "$CRDS"
  # The standard channel's CRDs (not its ValidatingAdmissionPolicy, which only guards upgrades).
  cp "$dir"/config/crd/standard/gateway.networking.k8s.io_*.yaml "$CRDS/"
  rm -f "$CRDS"/*vap*.yaml
  echo "gateway-api=$GATEWAY_API_VERSION" > "$CRDS/.complete"
  log "Gateway API $GATEWAY_API_VERSION CRDs in $CRDS"
fi
echo "$OUT/bin/helm"
echo "$CRDS"
