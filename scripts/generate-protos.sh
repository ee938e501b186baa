#!/usr/bin/env bash
# Regenerates all committed generated code (Swift messages and stubs, the RPC access table,
# docs/api.md). Run after
# changing a .proto or the plugin versions.
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
WELL_KNOWN=/usr/include   # google/protobuf/*.proto from Debian's libprotobuf-dev
GENERATED_DIRS=(Sources/RentGuyInterop/Generated Sources/RentGuyProto/Generated)
PYTHON="${RENTGUY_PYTHON:-$ROOT/.venv/bin/python}"   # grpcio-tools renders docs/api.md

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

# swift_protoc OUT_DIR INCLUDE_DIR PROTO...: messages (swift-protobuf) and GRPCCore stubs.
swift_protoc() {
  local out="$1" include="$2"; shift 2
  mkdir -p "$out"
  protoc -I "$include" -I "$WELL_KNOWN" \
    --plugin=protoc-gen-swift="$PLUGIN_DIR/bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift-2="$PLUGIN_DIR/bin/protoc-gen-grpc-swift-2" \
    --swift_out="$out" --swift_opt=Visibility=Public,FileNaming=DropPath,UseAccessLevelOnImports=true \
    --grpc-swift-2_out="$out" \
    --grpc-swift-2_opt=Visibility=Public,FileNaming=DropPath,Client=true,Server=true,UseAccessLevelOnImports=true \
    "$@"
}

# generate OUT_ROOT: writes every generated file below OUT_ROOT (mirrors the repo layout).
generate() {
  local out="$1"
  # The standard interop service, from Debian's grpc-proto.
  swift_protoc "$out/Sources/RentGuyInterop/Generated" "$GRPC_PROTO" \
    grpc/testing/empty.proto grpc/testing/messages.proto grpc/testing/test.proto
  # The RentGuy contract (proto/) and the standard health service.
  local contract
  contract=$(cd proto && find rentguy -name '*.proto' | sort)
  # shellcheck disable=SC2086
  swift_protoc "$out/Sources/RentGuyProto/Generated" proto $contract
  swift_protoc "$out/Sources/RentGuyProto/Generated" "$GRPC_PROTO" grpc/health/v1/health.proto
}

# The contract must stay usable by the C scanner client: protoc-c 1.4.1 must accept it (no
# proto3 `optional`) and its output must compile without warnings (no C keywords as names).
check_protobuf_c() {
  local tmp
  tmp=$(mktemp -d)
  # shellcheck disable=SC2046
  protoc-c --c_out="$tmp" -I proto -I "$WELL_KNOWN" $(find proto -name '*.proto') \
    "$WELL_KNOWN"/google/protobuf/{timestamp,duration,field_mask,descriptor}.proto
  find "$tmp" -name '*.pb-c.c' -print0 | while IFS= read -r -d '' file; do
    gcc -c -Wall -Werror -I "$tmp" "$file" -o "$tmp/check.o"
  done
  rm -rf "$tmp"
  echo "generate-protos: the contract compiles with protoc-c"
}

build_plugins
check_protobuf_c
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  generate "$tmp"
  for dir in "${GENERATED_DIRS[@]}"; do
    if ! diff -r "$tmp/$dir" "$dir"; then
      echo "generate-protos: $dir is stale; run scripts/generate-protos.sh and commit" >&2
      exit 1
    fi
  done
  echo "generate-protos: generated code is current"
  "$PYTHON" scripts/render-contract.py --check
else
  rm -rf "${GENERATED_DIRS[@]}"
  generate "$ROOT"
  echo "generate-protos: regenerated"
  "$PYTHON" scripts/render-contract.py
fi
