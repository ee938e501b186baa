/* TCP and TLS (see transport.h). */
#include "transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_CHUNK 16384

struct rg_transport {
  int fd;
  SSL *ssl;          /* NULL for plaintext */
  BIO *rbio, *wbio;  /* owned by ssl */
  rg_buf backlog;    /* bytes for the socket (ciphertext with TLS) */
  int handshake_done;
  int received;      /* application data arrived (over TLS) */
};

/* The first OpenSSL error on this thread's queue as text (and clears the queue). */
static const char *openssl_error(char *buf, size_t cap) {
  unsigned long code = ERR_get_error();
  if (code == 0) snprintf(buf, cap, "unknown error");
  else ERR_error_string_n(code, buf, cap);
  ERR_clear_error();
  return buf;
}

SSL_CTX *rg_tls_context_new(const char *ca_file, const char *cert_file, const char *key_file,
                            rg_error *error) {
  char reason[256];
  if ((cert_file == NULL) != (key_file == NULL)) {
    rg_set_error(error, RG_ERR_INVALID_ARGUMENT,
                 "TLS: a client certificate needs both cert_file and key_file");
    return NULL;
  }
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == NULL) {
    rg_set_error(error, RG_ERR_TLS, "TLS: %s", openssl_error(reason, sizeof reason));
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
  static const unsigned char alpn[] = {2, 'h', '2'};
  int ok = SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn) == 0; /* 0 is success here */
  const char *what = "ALPN";
  if (ok) {
    what = ca_file ? ca_file : "the system's CA certificates";
    ok = ca_file ? SSL_CTX_load_verify_locations(ctx, ca_file, NULL) == 1
                 : SSL_CTX_set_default_verify_paths(ctx) == 1;
  }
  if (ok && cert_file) {
    what = cert_file;
    ok = SSL_CTX_use_certificate_chain_file(ctx, cert_file) == 1;
    if (ok) {
      what = key_file;
      ok = SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) == 1 &&
           SSL_CTX_check_private_key(ctx) == 1;
    }
  }
  if (!ok) {
    rg_set_error(error, RG_ERR_TLS, "TLS: %s: %s", what, openssl_error(reason, sizeof reason));
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

int rg_parse_server(const char *server, char *host, size_t host_cap, char *port, size_t port_cap,
                    int *tls) {
  if (server == NULL) return -1;
  *tls = 0;
  const char *default_port = NULL;
  if (strncmp(server, "https://", 8) == 0) {
    *tls = 1;
    server += 8;
    default_port = "443";
  } else if (strncmp(server, "http://", 7) == 0) {
    server += 7;
    default_port = "80";
  }
  size_t len = strlen(server);
  if (len > 0 && server[len - 1] == '/') len--;
  const char *host_start = server, *host_end, *port_start = NULL;
  if (len > 0 && server[0] == '[') { /* [v6]:port */
    const char *close = memchr(server, ']', len);
    if (close == NULL) return -1;
    host_start = server + 1;
    host_end = close;
    if (close + 1 < server + len) {
      if (close[1] != ':') return -1;
      port_start = close + 2;
    }
  } else {
    const char *colon = NULL;
    for (const char *p = server; p < server + len; p++)
      if (*p == ':') {
        if (colon) return -1; /* a bare IPv6 address needs brackets */
        colon = p;
      }
    host_end = colon ? colon : server + len;
    if (colon) port_start = colon + 1;
  }
  size_t host_len = (size_t)(host_end - host_start);
  size_t port_len = port_start ? (size_t)(server + len - port_start) : 0;
  if (host_len == 0 || host_len >= host_cap) return -1;
  if (port_start == NULL) {
    if (default_port == NULL) return -1;
    port_start = default_port;
    port_len = strlen(default_port);
  }
  if (port_len == 0 || port_len >= port_cap || port_len > 5) return -1;
  for (size_t i = 0; i < port_len; i++)
    if (port_start[i] < '0' || port_start[i] > '9') return -1;
  if (atoi(port_start) > 65535 || atoi(port_start) == 0) return -1;
  for (size_t i = 0; i < host_len; i++)
    if (host_start[i] == '/' || host_start[i] == ' ' || host_start[i] == '@') return -1;
  memcpy(host, host_start, host_len);
  host[host_len] = '\0';
  memcpy(port, port_start, port_len);
  port[port_len] = '\0';
  return 0;
}

static int remaining_ms(int64_t deadline) {
  int64_t left = deadline - rg_now_ms();
  return left < 0 ? 0 : left > 1000000 ? 1000000 : (int)left;
}

/* Non-blocking connect to one address, waiting until the deadline. 0 or an errno. */
static int connect_one(const struct addrinfo *ai, int64_t deadline, int *out) {
  int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  if (fd < 0) return errno;
  int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
  if (rc != 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd);
    return e;
  }
  if (rc != 0) {
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int n;
    do n = poll(&p, 1, remaining_ms(deadline));
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
      close(fd);
      return n == 0 ? ETIMEDOUT : errno;
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error != 0) {
      close(fd);
      return so_error;
    }
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  *out = fd;
  return 0;
}

/* Moves whatever OpenSSL wrote into the write BIO to the socket backlog. */
static int drain_wbio(rg_transport *t) {
  uint8_t chunk[READ_CHUNK];
  int n;
  while ((n = BIO_read(t->wbio, chunk, sizeof chunk)) > 0)
    if (rg_buf_append(&t->backlog, chunk, (size_t)n) != 0) return -1;
  return 0;
}

int rg_transport_flush(rg_transport *t, rg_error *error) {
  while (rg_buf_size(&t->backlog) > 0) {
    ssize_t n = send(t->fd, rg_buf_head(&t->backlog), rg_buf_size(&t->backlog), MSG_NOSIGNAL);
    if (n > 0) {
      rg_buf_consume(&t->backlog, (size_t)n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return rg_set_error(error, RG_ERR_UNAVAILABLE, "connection lost: send: %s",
                        n < 0 ? strerror(errno) : "closed");
  }
  return RG_OK;
}

/* Reads raw bytes from the socket into the TLS read BIO. 1 read, 0 nothing now, -1 EOF/error. */
static int fill_rbio(rg_transport *t, rg_error *error) {
  uint8_t chunk[READ_CHUNK];
  ssize_t n;
  do n = recv(t->fd, chunk, sizeof chunk, 0);
  while (n < 0 && errno == EINTR);
  if (n > 0) {
    BIO_write(t->rbio, chunk, (int)n);
    return 1;
  }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
  rg_set_error(error, RG_ERR_UNAVAILABLE, "connection lost: %s",
               n == 0 ? "closed by the server" : strerror(errno));
  return -1;
}

static int tls_failure(rg_transport *t, int ssl_error, const char *what, rg_error *error) {
  char reason[256];
  long verify = SSL_get_verify_result(t->ssl);
  if (verify != X509_V_OK)
    return rg_set_error(error, RG_ERR_TLS, "TLS %s: certificate verification failed: %s", what,
                        X509_verify_cert_error_string(verify));
  if (ssl_error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
    return rg_set_error(error, RG_ERR_TLS, "TLS %s: connection closed", what);
  return rg_set_error(error, RG_ERR_TLS, "TLS %s: %s", what, openssl_error(reason, sizeof reason));
}

static int handshake(rg_transport *t, const char *verify_name, int64_t deadline, rg_error *error) {
  char name[256];
  snprintf(name, sizeof name, "%s", verify_name);
  char *zone = strchr(name, '%'); /* fe80::1%eth0: the zone is not part of the address */
  if (zone != NULL) *zone = '\0';
  unsigned char ip[16];
  int is_ip = inet_pton(AF_INET, name, ip) == 1 || inet_pton(AF_INET6, name, ip) == 1;
  if (name[0] == '\0') return rg_set_error(error, RG_ERR_TLS, "TLS: empty server name");
  if (is_ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(t->ssl), name) != 1)
      return rg_set_error(error, RG_ERR_TLS, "TLS: cannot verify IP address %s", name);
  } else {
    if (SSL_set_tlsext_host_name(t->ssl, name) != 1 || SSL_set1_host(t->ssl, name) != 1)
      return rg_set_error(error, RG_ERR_TLS, "TLS: cannot verify host name %s", name);
  }
  SSL_set_connect_state(t->ssl);
  for (;;) {
    ERR_clear_error();
    int rc = SSL_do_handshake(t->ssl);
    if (drain_wbio(t) != 0) return rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    if (rg_transport_flush(t, NULL) != RG_OK)
      return rg_set_error(error, RG_ERR_TLS, "TLS handshake: connection lost");
    if (rc == 1) break;
    int e = SSL_get_error(t->ssl, rc);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
      return tls_failure(t, e, "handshake", error);
    struct pollfd p = {.fd = t->fd,
                       .events = POLLIN | (rg_buf_size(&t->backlog) ? POLLOUT : 0)};
    int n;
    do n = poll(&p, 1, remaining_ms(deadline));
    while (n < 0 && errno == EINTR);
    if (n == 0)
      return rg_set_error(error, RG_ERR_TLS, "TLS handshake did not complete in time");
    if (n < 0) return rg_set_error(error, RG_ERR_TLS, "TLS: poll: %s", strerror(errno));
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      if (fill_rbio(t, NULL) < 0)
        return rg_set_error(error, RG_ERR_TLS, "TLS handshake: connection closed by the server");
    }
  }
  const unsigned char *proto = NULL;
  unsigned int proto_len = 0;
  SSL_get0_alpn_selected(t->ssl, &proto, &proto_len);
  if (proto_len != 2 || memcmp(proto, "h2", 2) != 0)
    return rg_set_error(error, RG_ERR_TLS, "TLS: the server did not select ALPN h2");
  t->handshake_done = 1;
  return RG_OK;
}

rg_transport *rg_transport_connect(const char *host, const char *port, SSL_CTX *tls,
                                   const char *verify_name, int timeout_ms, rg_error *error) {
  int64_t deadline = rg_now_ms() + timeout_ms;
  struct addrinfo hints = {0}, *list = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  int rc = getaddrinfo(host, port, &hints, &list);
  if (rc != 0) {
    rg_set_error(error, RG_ERR_CONNECT, "resolve %s: %s", host, gai_strerror(rc));
    return NULL;
  }
  int fd = -1, last = ETIMEDOUT;
  for (struct addrinfo *ai = list; ai && fd < 0; ai = ai->ai_next) {
    if (rg_now_ms() >= deadline) break;
    last = connect_one(ai, deadline, &fd);
  }
  freeaddrinfo(list);
  if (fd < 0) {
    rg_set_error(error, RG_ERR_CONNECT, "connect %s:%s: %s", host, port,
                 last == ETIMEDOUT ? "timed out" : strerror(last));
    return NULL;
  }
  rg_transport *t = calloc(1, sizeof *t);
  if (t == NULL) {
    close(fd);
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    return NULL;
  }
  t->fd = fd;
  if (tls == NULL) return t;
  t->ssl = SSL_new(tls);
  t->rbio = BIO_new(BIO_s_mem());
  t->wbio = BIO_new(BIO_s_mem());
  if (t->ssl == NULL || t->rbio == NULL || t->wbio == NULL) {
    BIO_free(t->rbio);
    BIO_free(t->wbio);
    t->rbio = t->wbio = NULL;
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    rg_transport_close(t);
    return NULL;
  }
  SSL_set_bio(t->ssl, t->rbio, t->wbio);
  if (handshake(t, verify_name ? verify_name : host, deadline, error) != RG_OK) {
    rg_transport_close(t);
    return NULL;
  }
  return t;
}

int rg_transport_fd(const rg_transport *t) { return t->fd; }

size_t rg_transport_backlog(const rg_transport *t) { return rg_buf_size(&t->backlog); }

int rg_transport_queue(rg_transport *t, const uint8_t *data, size_t len, rg_error *error) {
  if (t->ssl == NULL) {
    if (rg_buf_append(&t->backlog, data, len) != 0)
      return rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    return RG_OK;
  }
  while (len > 0) {
    int chunk = len > 65536 ? 65536 : (int)len;
    ERR_clear_error();
    int n = SSL_write(t->ssl, data, chunk);
    if (n <= 0) return tls_failure(t, SSL_get_error(t->ssl, n), "write", error);
    data += n;
    len -= (size_t)n;
  }
  if (drain_wbio(t) != 0) return rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
  return RG_OK;
}

/* A TLS server that closes before sending any data (not even its SETTINGS) refused us after the
 * handshake: in TLS 1.3 that is how a refused client certificate looks to the client. */
static long early_close(rg_transport *t, rg_error *error) {
  if (!t->received)
    rg_set_error(error, RG_ERR_TLS,
                 "TLS: the server closed the connection right after the handshake (client "
                 "certificate missing or refused?)");
  return -1;
}

long rg_transport_read(rg_transport *t, uint8_t *buf, size_t cap, rg_error *error) {
  if (t->ssl == NULL) {
    ssize_t n;
    do n = recv(t->fd, buf, cap, 0);
    while (n < 0 && errno == EINTR);
    if (n > 0) return (long)n;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    rg_set_error(error, RG_ERR_UNAVAILABLE, "connection lost: %s",
                 n == 0 ? "closed by the server" : strerror(errno));
    return -1;
  }
  for (;;) {
    ERR_clear_error();
    int n = SSL_read(t->ssl, buf, cap > 65536 ? 65536 : (int)cap);
    /* TLS 1.3 may answer (key update) while reading. */
    if (drain_wbio(t) != 0) {
      rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
      return -1;
    }
    if (n > 0) {
      t->received = 1;
      return n;
    }
    int e = SSL_get_error(t->ssl, n);
    if (e == SSL_ERROR_ZERO_RETURN) {
      rg_set_error(error, RG_ERR_UNAVAILABLE, "connection lost: closed by the server");
      return early_close(t, error);
    }
    if (e != SSL_ERROR_WANT_READ) {
      tls_failure(t, e, "read", error);
      return -1;
    }
    int got = fill_rbio(t, error);
    if (got < 0) return early_close(t, error);
    if (got == 0) return 0;
  }
}

void rg_transport_close(rg_transport *t) {
  if (t == NULL) return;
  if (t->ssl) {
    if (t->handshake_done) {
      SSL_shutdown(t->ssl); /* queue close_notify; we do not wait for the peer's */
      drain_wbio(t);
      rg_transport_flush(t, NULL);
    }
    SSL_free(t->ssl); /* frees both BIOs */
  }
  if (t->fd >= 0) close(t->fd);
  rg_buf_free(&t->backlog);
  free(t);
}
