#!/usr/bin/env bash
# Regenerates all committed generated code. Run after changing a .proto or the plugin versions.
#   scripts/generate-protos.sh           regenerate in place
#   scripts/generate-protos.sh --check   regenerate into a temp dir and fail if the tree differs
# protoc is Debian's protobuf-compiler; the Swift plugins are built (release) from the same
# grpc-swift-protobuf / swift-protobuf versions that Package.swift uses, into .build-protoc/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

GRPC_SWIFT_PROTOBUF_VERSION=2.4.1
PLUGIN_DIR="$ROOT/.build-protoc"
GRPC_PROTO=/usr/share/grpc-proto

build_plugins() {
  if [ -x "$PLUGIN_DIR/bin/protoc-gen-swift" ] && [ -x "$PLUGIN_DIR/bin/protoc-gen-grpc-swift-2" ]; then
    return
  fi
  mkdir -p "$PLUGIN_DIR"
  if [ ! -d "$PLUGIN_DIR/src" ]; then
    git clone -q https://github.com/grpc/grpc-swift-protobuf.git "$PLUGIN_DIR/src"
  fi
  git -C "$PLUGIN_DIR/src" checkout -q "$GRPC_SWIFT_PROTOBUF_VERSION"
  (cd "$PLUGIN_DIR/src" && swift build -c release --product protoc-gen-grpc-swift-2 >&2 \
    && swift build -c release --product protoc-gen-swift >&2)
  mkdir -p "$PLUGIN_DIR/bin"
  bin=$(cd "$PLUGIN_DIR/src" && swift build -c release --show-bin-path)
  cp "$bin/protoc-gen-swift" "$bin/protoc-gen-grpc-swift-2" "$PLUGIN_DIR/bin/"
}

# generate OUT_ROOT: writes every generated file below OUT_ROOT (mirrors the repo layout).
generate() {
  local out="$1"
  local interop="$out/Sources/RentGuyInterop/Generated"
  mkdir -p "$interop"
  local protos=(grpc/testing/empty.proto grpc/testing/messages.proto grpc/testing/test.proto)
  protoc -I "$GRPC_PROTO" \
    --plugin=protoc-gen-swift="$PLUGIN_DIR/bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift-2="$PLUGIN_DIR/bin/protoc-gen-grpc-swift-2" \
    --swift_out="$interop" --swift_opt=Visibility=Public,FileNaming=DropPath,UseAccessLevelOnImports=true \
    --grpc-swift-2_out="$interop" \
    --grpc-swift-2_opt=Visibility=Public,FileNaming=DropPath,Client=true,Server=true,UseAccessLevelOnImports=true \
    "${protos[@]}"
}

build_plugins
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  generate "$tmp"
  if ! diff -r "$tmp/Sources/RentGuyInterop/Generated" Sources/RentGuyInterop/Generated; then
    echo "generate-protos: generated code is stale; run scripts/generate-protos.sh and commit" >&2
    exit 1
  fi
  echo "generate-protos: generated code is current"
else
  rm -rf Sources/RentGuyInterop/Generated
  generate "$ROOT"
  echo "generate-protos: regenerated"
fi
