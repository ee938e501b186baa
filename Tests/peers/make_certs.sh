#!/usr/bin/env bash
# Makes a throwaway PKI for TLS tests in DIR: a CA, a server certificate for localhost/127.0.0.1/::1
# (and one for localhost only),
# a client certificate signed by the CA, and a second CA that signs nothing the server trusts.
set -euo pipefail
dir=${1:?usage: make_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
quiet() { "$@" >/dev/null 2>&1; }

quiet openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=RentGuy Test CA" \
  -keyout ca.key -out ca.pem
quiet openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Untrusted CA" \
  -keyout other-ca.key -out other-ca.pem

cat > server.ext <<'EXT'
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
extendedKeyUsage = serverAuth
EXT
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
quiet openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server.pem

cat > client.ext <<'EXT'
extendedKeyUsage = clientAuth
EXT
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=scanner-01" -keyout client.key -out client.csr
quiet openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile client.ext -out client.pem
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=intruder" -keyout intruder.key -out intruder.csr
quiet openssl x509 -req -in intruder.csr -CA other-ca.pem -CAkey other-ca.key -CAcreateserial -days 2 \
  -extfile client.ext -out intruder.pem
# A server certificate from the other CA, for certificate-rotation tests.
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server-other.key -out server-other.csr
quiet openssl x509 -req -in server-other.csr -CA other-ca.pem -CAkey other-ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server-other.pem
# A server certificate that names only localhost (no IP addresses), for hostname-verification tests.
cat > dns-only.ext <<'EXT'
subjectAltName = DNS:localhost
extendedKeyUsage = serverAuth
EXT
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server-dns.key -out server-dns.csr
quiet openssl x509 -req -in server-dns.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile dns-only.ext -out server-dns.pem
echo "$dir"
