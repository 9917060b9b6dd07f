# Shared by the image scripts: where things are cached and how buildah is called here.
# Debian's buildah works as root with chroot isolation and the vfs storage driver on these machines
# (`podman run` and overlay do not). Its storage is dtready's own, in the cache: the imported base image
# stays there between runs; the app image is removed after each test.
CACHE_ROOT="${DTREADY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dtready}"
BUILDAH_ROOT="$CACHE_ROOT/containers/storage"
BUILDAH_RUNROOT="${XDG_RUNTIME_DIR:-/run}/dtready-containers"
export BUILDAH_ISOLATION=chroot

bh() { buildah --root "$BUILDAH_ROOT" --runroot "$BUILDAH_RUNROOT" --storage-driver vfs "$@"; }
