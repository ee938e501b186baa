/* A byte stream to the server: a non-blocking TCP socket, optionally with TLS (OpenSSL through
 * memory BIOs, so all socket I/O is ours: MSG_NOSIGNAL, poll, timeouts). */
#ifndef RG_TRANSPORT_H
#define RG_TRANSPORT_H

#include <openssl/ssl.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* A TLS client context: TLS 1.2+, peer verification against `ca_file` (NULL: the system's
 * roots), ALPN "h2", optional client certificate. RG_ERR_TLS when a file cannot be used. */
SSL_CTX *rg_tls_context_new(const char *ca_file, const char *cert_file, const char *key_file,
                            rg_error *error);

typedef struct rg_transport rg_transport;

/* Connects to host:port (every address getaddrinfo gives, in order) and, with `tls`, runs the
 * handshake verifying `verify_name` (a DNS name or an IP address) and requiring ALPN h2. All
 * within timeout_ms. RG_ERR_CONNECT or RG_ERR_TLS on failure. */
rg_transport *rg_transport_connect(const char *host, const char *port, SSL_CTX *tls,
                                   const char *verify_name, int timeout_ms, rg_error *error);
int rg_transport_fd(const rg_transport *transport);
/* Queues plaintext to send (encrypted first with TLS). */
int rg_transport_queue(rg_transport *transport, const uint8_t *data, size_t len, rg_error *error);
/* Bytes queued and not yet written to the socket. */
size_t rg_transport_backlog(const rg_transport *transport);
/* Writes what the socket takes now. RG_OK, or RG_ERR_UNAVAILABLE when the connection broke. */
int rg_transport_flush(rg_transport *transport, rg_error *error);
/* Reads plaintext that is available now: > 0 bytes, 0 when none yet, -1 on EOF or error
 * (error set: RG_ERR_UNAVAILABLE, or RG_ERR_TLS for a TLS failure). */
long rg_transport_read(rg_transport *transport, uint8_t *buf, size_t cap, rg_error *error);
/* Sends close_notify (TLS) best-effort, closes the socket and frees the transport. */
void rg_transport_close(rg_transport *transport);

/* Splits "host:port", "[v6]:port", "http://host:port", "https://host[:port]" (with an optional
 * trailing "/") into host (brackets removed), port and whether TLS is meant. -1 if malformed. */
int rg_parse_server(const char *server, char *host, size_t host_cap, char *port, size_t port_cap,
                    int *tls);

#endif
