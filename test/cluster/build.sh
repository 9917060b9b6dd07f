#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy into a cache outside the repository.
#
# k8s.io/kubernetes cannot be `go install`ed: its go.mod requires every staging module at v0.0.0 and
# replaces them with ./staging paths. A throwaway wrapper module requires k8s.io/kubernetes at a pinned
# release and replaces each staging module with its published v0.X.Y twin. etcd comes from the same
# module graph, so its version is the one this Kubernetes release was tested with.
#
# Prints the directory holding the binaries on stdout (last line). Reuses a finished build.
set -euo pipefail

K8S_VERSION="${DTREADY_K8S_VERSION:-v1.36.3}"
CACHE_ROOT="${DTREADY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dtready}"
# Bump when the way the binaries are built changes, so caches from an older recipe are rebuilt.
RECIPE=2
OUT="$CACHE_ROOT/kube-$K8S_VERSION"
BIN="$OUT/bin"

log() { printf '[cluster-build] %s\n' "$*" >&2; }

if [[ -x "$BIN/kube-apiserver" && -x "$BIN/etcd" && -f "$OUT/.complete" ]] && grep -qx "recipe=$RECIPE" "$OUT/.complete"; then
  log "reusing $BIN"
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build kube-apiserver (https://go.dev/dl)"; exit 1; }

staging_version="v0${K8S_VERSION#v1}"   # v1.36.3 -> v0.36.3
work="$OUT/module"
rm -rf "$work" "$OUT/.complete"
mkdir -p "$work" "$BIN"
cd "$work"

started=$(date +%s)
log "building kube-apiserver $K8S_VERSION (staging modules at $staging_version) in $work"

# The staging modules are exactly the k8s.io/* requirements pinned at v0.0.0 in the release's go.mod.
go mod download -json "k8s.io/kubernetes@$K8S_VERSION" > download.json
k8s_gomod=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' download.json)
mapfile -t staging < <(grep -E '^[[:space:]]*k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$k8s_gomod" | awk '{print $1}')
go_directive=$(awk '$1 == "go" {print $2; exit}' "$k8s_gomod")
# etcd at the version this Kubernetes release pins (an unpinned `go get` would pull the newest etcd
# and drag kube-apiserver's etcd client along with it).
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2; exit}' "$k8s_gomod")
log "${#staging[@]} staging modules; go $go_directive"

cat > go.mod <<MOD
module local/dtready-kube

go $go_directive
MOD
go mod edit -require="k8s.io/kubernetes@$K8S_VERSION"
for m in "${staging[@]}"; do
  go mod edit -replace="$m=$m@$staging_version"
done

# main packages cannot be imported; the tool directive pins them in the module graph instead.
go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "go.etcd.io/etcd/server/v3@$etcd_version" >&2
log "etcd $etcd_version (pinned by k8s.io/kubernetes $K8S_VERSION)"

export CGO_ENABLED=0
# Without these the server reports v0.0.0-master on /version (hack/lib/version.sh sets them in a release build).
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
vpkg=k8s.io/component-base/version
version_flags="-s -X $vpkg.gitVersion=$K8S_VERSION -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=$minor -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=1970-01-01T00:00:00Z"
go build -trimpath -ldflags="$version_flags" -o "$BIN/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
go build -trimpath -ldflags=-s -o "$BIN/etcd" go.etcd.io/etcd/server/v3

printf 'recipe=%s\nkubernetes=%s\netcd=%s\nbuild_seconds=%s\n' "$RECIPE" "$K8S_VERSION" "$etcd_version" "$(( $(date +%s) - started ))" > "$OUT/.complete"
log "built in $(( $(date +%s) - started ))s"
echo "$BIN"
