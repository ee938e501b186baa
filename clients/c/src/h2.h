/* An HTTP/2 client connection: one nghttp2 client session over an rg_transport, driven by
 * rg_h2_step (poll, read, feed nghttp2, write). Single-threaded; nghttp2 callbacks never send
 * (mem_send runs only in rg_h2_step and rg_h2_flush). */
#ifndef RG_H2_H
#define RG_H2_H

#include <nghttp2/nghttp2.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "transport.h"

/* The h2_error passed to on_close when the whole connection failed or was closed. */
#define RG_H2_CONNECTION_LOST 0x100u

/* What a stream's owner hears. `ctx` is the owner's pointer given to rg_h2_submit. */
typedef struct rg_h2_stream_handler {
  /* One header field of the response headers (trailers == 0) or trailers (1). Non-zero
   * resets the stream. */
  int (*on_header)(void *ctx, int trailers, const uint8_t *name, size_t name_len,
                   const uint8_t *value, size_t value_len);
  /* A header block is complete; end_stream when it also ended the stream. */
  void (*on_headers_done)(void *ctx, int trailers, int end_stream);
  /* DATA bytes. Non-zero resets the stream. */
  int (*on_data)(void *ctx, const uint8_t *data, size_t len);
  /* END_STREAM on a DATA frame. */
  void (*on_data_end)(void *ctx);
  /* The stream is closed (h2_error 0: normally). Last callback for the stream. */
  void (*on_close)(void *ctx, uint32_t h2_error);
  /* Request body: copy up to `len` bytes; *eof = 1 to end the stream after them. Return 0
   * with *eof == 0 when there is nothing to send now (rg_h2_resume wakes the stream). */
  size_t (*read_body)(void *ctx, uint8_t *buf, size_t len, int *eof);
} rg_h2_stream_handler;

typedef struct rg_h2 rg_h2;

/* Connects (TCP, TLS when `tls`), sends the connection preface and SETTINGS. */
rg_h2 *rg_h2_connect(const char *host, const char *port, SSL_CTX *tls, const char *verify_name,
                     int timeout_ms, rg_error *error);
/* Opens a stream with these request headers. Returns the stream id (> 0), or -1. */
int32_t rg_h2_submit(rg_h2 *h2, const nghttp2_nv *headers, size_t count,
                     const rg_h2_stream_handler *handler, void *ctx, rg_error *error);
/* The request body has more bytes (or its end). */
void rg_h2_resume(rg_h2 *h2, int32_t stream_id);
/* Resets a stream (RST_STREAM) and stops calling its handler. */
void rg_h2_reset(rg_h2 *h2, int32_t stream_id, uint32_t h2_error);
/* Stops calling the stream's handler (its owner is going away) without resetting it. */
void rg_h2_detach(rg_h2 *h2, int32_t stream_id);
/* One round: write what is pending, wait up to timeout_ms for the socket (or `wake_fd` when
 * >= 0; *woke = 1 when it is readable), read everything available, feed it to nghttp2, write
 * the answers. RG_OK, or an error when the connection is finished (lost, GOAWAY'd and done,
 * a protocol error): then every open stream has already heard on_close. */
int rg_h2_step(rg_h2 *h2, int timeout_ms, int wake_fd, int *woke, rg_error *error);
/* When bytes last arrived from the server (or the connection was made), in rg_now_ms time. */
int64_t rg_h2_last_read_ms(const rg_h2 *h2);
/* Queues a PING (its ACK counts as traffic for rg_h2_idle_ms). */
void rg_h2_ping(rg_h2 *h2);
/* 1 while new streams may be opened (no GOAWAY received, connection alive). */
int rg_h2_can_open(rg_h2 *h2);
/* Sends GOAWAY, writes what it can without waiting, closes the socket and frees. */
void rg_h2_close(rg_h2 *h2);

#endif
