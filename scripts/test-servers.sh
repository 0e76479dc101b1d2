#!/usr/bin/env bash
# Builds the pinned test servers and tools once per machine into a cache outside the repository.
# Usage: scripts/test-servers.sh [--print-dir]
# Each tool lands in $TOOLS_DIR/NAME/VERSION/bin/NAME; a tool already there is not rebuilt.
set -euo pipefail

TOOLS_DIR="${MONGODB_BACKUP_ACTION_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-backup-action/tools}"

# Pinned versions. mongo-tools and MinIO tag releases without a leading "v", which Go resolves only
# as commits, so they are pinned as pseudo-versions: mongo-tools at the commit of its 100.10.0 tag,
# MinIO at the newest commit the module proxy serves.
FERRETDB_VERSION="v1.24.2"
MONGO_TOOLS_VERSION="100.10.0"
MONGO_TOOLS_MODULE_VERSION="v0.0.0-20240724183527-6d4f001be3fc"
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
NODE24_VERSION="24.22.3"
ACT_VERSION="v0.2.89"
ACTIONLINT_VERSION="v1.7.12"

if [ "${1:-}" = "--print-dir" ]; then
  echo "$TOOLS_DIR"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "test-servers: 'go' is not on PATH. Install Go 1.24 or newer (https://go.dev/doc/install, or your" >&2
  echo "distribution's golang package) and run this script again." >&2
  exit 1
fi

log() { printf 'test-servers: %s\n' "$*" >&2; }

# install_binary NAME VERSION BUILD_FUNCTION ARGS...: runs the build into a temp dir, then moves the one
# binary it produced into the cache, so an interrupted build never leaves a half-written tool behind.
install_binary() {
  local name=$1 version=$2 build=$3
  shift 3
  local dest="$TOOLS_DIR/$name/$version/bin"
  if [ -x "$dest/$name" ]; then
    log "$name $version: cached at $dest/$name"
    return
  fi
  log "$name $version: building (once per machine; this can take several minutes)"
  local out
  out=$(mktemp -d)
  "$build" "$out/$name" "$@"
  mkdir -p "$dest"
  mv "$out/$name" "$dest/$name"
  rm -rf "$out"
  log "$name $version: built $dest/$name"
}

# go_install OUTPUT PACKAGE@VERSION
go_install() {
  local output=$1 pkg=$2 gobin
  gobin=$(mktemp -d)
  GOBIN="$gobin" CGO_ENABLED=0 go install -trimpath "$pkg"
  mv "$gobin"/* "$output"
  rm -rf "$gobin"
}

# go_build_from_module OUTPUT MODULE VERSION PACKAGE LDFLAGS: builds inside a throwaway module that
# requires MODULE@VERSION. Needed where 'go install pkg@version' is refused because the module's
# version list cannot be read (it asks for it to look up deprecations).
go_build_from_module() {
  local output=$1 module=$2 version=$3 pkg=$4 ldflags=$5 work
  work=$(mktemp -d)
  printf 'module testserverbuild\n\ngo 1.24\n\nrequire %s %s\n' "$module" "$version" >"$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >"$work/tools.go"
  (cd "$work" && go mod tidy && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$output" "$pkg")
  rm -rf "$work"
}

node24() {
  local dest="$TOOLS_DIR/node/$NODE24_VERSION"
  if [ -x "$dest/bin/node" ]; then
    log "node $NODE24_VERSION: cached at $dest/bin/node"
    return
  fi
  case "$(uname -m)" in
    x86_64) local arch=x64 ;;
    aarch64 | arm64) local arch=arm64 ;;
    *) log "node $NODE24_VERSION: no package for $(uname -m); Node 24 runs are skipped"; return ;;
  esac
  log "node $NODE24_VERSION: installing node-linux-$arch from the npm registry"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE24_VERSION" >/dev/null && tar -xzf ./*.tgz)
  mkdir -p "$dest"
  cp -R "$tmp/package/." "$dest/"
  rm -rf "$tmp"
  "$dest/bin/node" --version >/dev/null
  log "node $NODE24_VERSION: installed $dest/bin/node"
}

# FerretDB panics at start unless build/version/version.txt names its version, a file its release
# process generates and the module leaves empty; build it from a writable copy of the module with it.
ferretdb_build() {
  local output=$1 version=$2 src work
  src=$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  work=$(mktemp -d)
  cp -R "$src/." "$work/"
  chmod -R u+w "$work"
  printf '%s\n' "$version" >"$work/build/version/version.txt"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$output" ./cmd/ferretdb)
  rm -rf "$work"
}

install_binary ferretdb "$FERRETDB_VERSION" ferretdb_build "$FERRETDB_VERSION"
for tool in mongodump mongorestore; do
  install_binary "$tool" "$MONGO_TOOLS_VERSION" go_build_from_module \
    github.com/mongodb/mongo-tools "$MONGO_TOOLS_MODULE_VERSION" "github.com/mongodb/mongo-tools/$tool/main" \
    "-X main.VersionStr=$MONGO_TOOLS_VERSION -X main.GitCommit=${MONGO_TOOLS_MODULE_VERSION##*-}"
done
install_binary minio "$MINIO_VERSION" go_install "github.com/minio/minio@$MINIO_VERSION"
install_binary act "$ACT_VERSION" go_install "github.com/nektos/act@$ACT_VERSION"
install_binary actionlint "$ACTIONLINT_VERSION" go_install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
node24

cat >"$TOOLS_DIR/versions.env" <<VERSIONS
FERRETDB_BIN=$TOOLS_DIR/ferretdb/$FERRETDB_VERSION/bin/ferretdb
MONGODUMP_BIN=$TOOLS_DIR/mongodump/$MONGO_TOOLS_VERSION/bin/mongodump
MONGORESTORE_BIN=$TOOLS_DIR/mongorestore/$MONGO_TOOLS_VERSION/bin/mongorestore
MINIO_BIN=$TOOLS_DIR/minio/$MINIO_VERSION/bin/minio
NODE24_BIN=$TOOLS_DIR/node/$NODE24_VERSION/bin/node
ACT_BIN=$TOOLS_DIR/act/$ACT_VERSION/bin/act
ACTIONLINT_BIN=$TOOLS_DIR/actionlint/$ACTIONLINT_VERSION/bin/actionlint
VERSIONS
log "ready: $TOOLS_DIR/versions.env"
