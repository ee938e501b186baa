/* HTTP/2 client connection over nghttp2 (see h2.h). */
#include "h2.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define OUTPUT_HIGH_WATER (256 * 1024) /* stop taking frames from nghttp2 above this backlog */
#define READ_BUFFER 16384
#define MAX_READS_PER_STEP 64

/* One open stream: the owner's handler, or NULL once detached. Also nghttp2's stream user data
 * and the request body's data source. */
typedef struct h2_stream {
  struct h2_stream *next;
  int32_t id;
  const rg_h2_stream_handler *handler;
  void *ctx;
} h2_stream;

struct rg_h2 {
  rg_transport *transport;
  nghttp2_session *session;
  h2_stream *streams;
  int64_t last_read_ms;
  int dead;
  rg_error failure;
};

static h2_stream *stream_of(nghttp2_session *session, int32_t id) {
  return nghttp2_session_get_stream_user_data(session, id);
}

/* Our record of a stream, also before nghttp2 has opened it (a request is only opened when its
 * HEADERS are sent, so nghttp2 has no user data for it until then). */
static h2_stream *find(rg_h2 *h2, int32_t id) {
  for (h2_stream *stream = h2->streams; stream; stream = stream->next)
    if (stream->id == id) return stream;
  return NULL;
}

static void forget(rg_h2 *h2, h2_stream *stream) {
  for (h2_stream **p = &h2->streams; *p; p = &(*p)->next)
    if (*p == stream) {
      *p = stream->next;
      free(stream);
      return;
    }
}

static int on_header(nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name,
                     size_t name_len, const uint8_t *value, size_t value_len, uint8_t flags,
                     void *user) {
  (void)flags, (void)user;
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  h2_stream *stream = stream_of(session, frame->hd.stream_id);
  if (stream == NULL || stream->handler == NULL) return 0;
  int trailers = frame->headers.cat == NGHTTP2_HCAT_HEADERS;
  if (stream->handler->on_header(stream->ctx, trailers, name, name_len, value, value_len) != 0)
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* nghttp2 resets the stream */
  return 0;
}

static int on_frame_recv(nghttp2_session *session, const nghttp2_frame *frame, void *user) {
  (void)user;
  if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
  h2_stream *stream = stream_of(session, frame->hd.stream_id);
  if (stream == NULL || stream->handler == NULL) return 0;
  int end = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
  if (frame->hd.type == NGHTTP2_HEADERS)
    stream->handler->on_headers_done(stream->ctx, frame->headers.cat == NGHTTP2_HCAT_HEADERS, end);
  else if (end)
    stream->handler->on_data_end(stream->ctx);
  return 0;
}

static int on_data_chunk(nghttp2_session *session, uint8_t flags, int32_t stream_id,
                         const uint8_t *data, size_t len, void *user) {
  (void)flags, (void)user;
  h2_stream *stream = stream_of(session, stream_id);
  if (stream == NULL || stream->handler == NULL) return 0;
  if (stream->handler->on_data(stream->ctx, data, len) != 0)
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  return 0;
}

static int on_stream_close(nghttp2_session *session, int32_t stream_id, uint32_t error_code,
                           void *user) {
  rg_h2 *h2 = user;
  h2_stream *stream = stream_of(session, stream_id);
  if (stream == NULL) return 0;
  nghttp2_session_set_stream_user_data(session, stream_id, NULL);
  if (stream->handler) stream->handler->on_close(stream->ctx, error_code);
  forget(h2, stream);
  return 0;
}

static int on_frame_not_send(nghttp2_session *session, const nghttp2_frame *frame, int error,
                             void *user) {
  (void)session, (void)frame, (void)error, (void)user;
  /* A request's HEADERS that could not go out (e.g. after GOAWAY): nghttp2 closes the stream
   * and on_stream_close reports it. */
  return 0;
}

static ssize_t read_body(nghttp2_session *session, int32_t stream_id, uint8_t *buf, size_t len,
                         uint32_t *flags, nghttp2_data_source *source, void *user) {
  (void)session, (void)stream_id, (void)user;
  h2_stream *stream = source->ptr;
  if (stream == NULL || stream->handler == NULL) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  int eof = 0;
  size_t n = stream->handler->read_body(stream->ctx, buf, len, &eof);
  if (eof) *flags |= NGHTTP2_DATA_FLAG_EOF;
  else if (n == 0) return NGHTTP2_ERR_DEFERRED;
  return (ssize_t)n;
}

/* Fails the connection: every attached stream hears on_close(RG_H2_CONNECTION_LOST). */
static int die(rg_h2 *h2, const rg_error *why, rg_error *error) {
  if (!h2->dead) {
    h2->dead = 1;
    h2->failure = *why;
    while (h2->streams) {
      h2_stream *stream = h2->streams;
      h2->streams = stream->next;
      nghttp2_session_set_stream_user_data(h2->session, stream->id, NULL);
      if (stream->handler) stream->handler->on_close(stream->ctx, RG_H2_CONNECTION_LOST);
      free(stream);
    }
  }
  if (error != NULL) *error = h2->failure;
  return h2->failure.code;
}

/* Takes frames from nghttp2 (up to the backlog limit) and writes what the socket takes. */
static int send_pending(rg_h2 *h2, rg_error *error) {
  while (rg_transport_backlog(h2->transport) < OUTPUT_HIGH_WATER) {
    const uint8_t *data;
    ssize_t n = nghttp2_session_mem_send(h2->session, &data);
    if (n < 0)
      return rg_set_error(error, RG_ERR_PROTOCOL, "HTTP/2: %s", nghttp2_strerror((int)n));
    if (n == 0) break;
    int code = rg_transport_queue(h2->transport, data, (size_t)n, error);
    if (code != RG_OK) return code;
  }
  return rg_transport_flush(h2->transport, error);
}

rg_h2 *rg_h2_connect(const char *host, const char *port, SSL_CTX *tls, const char *verify_name,
                     int timeout_ms, rg_error *error) {
  rg_h2 *h2 = calloc(1, sizeof *h2);
  if (h2 == NULL) {
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    return NULL;
  }
  h2->transport = rg_transport_connect(host, port, tls, verify_name, timeout_ms, error);
  if (h2->transport == NULL) {
    free(h2);
    return NULL;
  }
  nghttp2_session_callbacks *callbacks;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) {
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    rg_h2_close(h2);
    return NULL;
  }
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data_chunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, on_frame_not_send);
  int rv = nghttp2_session_client_new(&h2->session, callbacks, h2);
  nghttp2_session_callbacks_del(callbacks);
  if (rv != 0) {
    rg_set_error(error, RG_ERR_NO_MEMORY, "HTTP/2: %s", nghttp2_strerror(rv));
    rg_h2_close(h2);
    return NULL;
  }
  nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, 16384},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20},
  };
  rv = nghttp2_submit_settings(h2->session, NGHTTP2_FLAG_NONE, settings,
                               sizeof settings / sizeof settings[0]);
  if (rv == 0)
    rv = nghttp2_session_set_local_window_size(h2->session, NGHTTP2_FLAG_NONE, 0, 4 << 20);
  if (rv != 0) {
    rg_set_error(error, RG_ERR_PROTOCOL, "HTTP/2: %s", nghttp2_strerror(rv));
    rg_h2_close(h2);
    return NULL;
  }
  if (send_pending(h2, error) != RG_OK) {
    rg_h2_close(h2);
    return NULL;
  }
  h2->last_read_ms = rg_now_ms();
  return h2;
}

int64_t rg_h2_last_read_ms(const rg_h2 *h2) { return h2->last_read_ms; }

void rg_h2_ping(rg_h2 *h2) {
  if (!h2->dead) nghttp2_submit_ping(h2->session, NGHTTP2_FLAG_NONE, NULL);
}

int32_t rg_h2_submit(rg_h2 *h2, const nghttp2_nv *headers, size_t count,
                     const rg_h2_stream_handler *handler, void *ctx, rg_error *error) {
  if (!rg_h2_can_open(h2)) {
    rg_set_error(error, RG_ERR_UNAVAILABLE, "connection is closing");
    return -1;
  }
  h2_stream *stream = calloc(1, sizeof *stream);
  if (stream == NULL) {
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    return -1;
  }
  stream->handler = handler;
  stream->ctx = ctx;
  nghttp2_data_provider body = {.source.ptr = stream, .read_callback = read_body};
  int32_t id = nghttp2_submit_request(h2->session, NULL, headers, count, &body, stream);
  if (id < 0) {
    free(stream);
    rg_set_error(error, RG_ERR_UNAVAILABLE, "HTTP/2: %s", nghttp2_strerror(id));
    return -1;
  }
  stream->id = id;
  stream->next = h2->streams;
  h2->streams = stream;
  return id;
}

void rg_h2_resume(rg_h2 *h2, int32_t stream_id) {
  if (!h2->dead && find(h2, stream_id) != NULL)
    nghttp2_session_resume_data(h2->session, stream_id); /* fails harmlessly if not deferred */
}

void rg_h2_detach(rg_h2 *h2, int32_t stream_id) {
  h2_stream *stream = find(h2, stream_id);
  if (stream != NULL) stream->handler = NULL;
}

void rg_h2_reset(rg_h2 *h2, int32_t stream_id, uint32_t h2_error) {
  if (h2->dead) return;
  rg_h2_detach(h2, stream_id);
  nghttp2_submit_rst_stream(h2->session, NGHTTP2_FLAG_NONE, stream_id, h2_error);
}

int rg_h2_can_open(rg_h2 *h2) {
  return !h2->dead && nghttp2_session_check_request_allowed(h2->session);
}

/* After a failed send: the peer may have said why before closing (a TLS alert); if so, that
 * replaces `why`. Returns `why`. */
static rg_error *read_why(rg_h2 *h2, rg_error *why) {
  rg_error read_failure;
  uint8_t buf[4096];
  rg_clear_error(&read_failure);
  long got;
  while ((got = rg_transport_read(h2->transport, buf, sizeof buf, &read_failure)) > 0) {
  }
  if (got < 0 && read_failure.code == RG_ERR_TLS) *why = read_failure;
  return why;
}

int rg_h2_step(rg_h2 *h2, int timeout_ms, int wake_fd, int *woke, rg_error *error) {
  rg_error why;
  if (woke) *woke = 0;
  if (h2->dead) return die(h2, &h2->failure, error);
  if (send_pending(h2, &why) != RG_OK) return die(h2, read_why(h2, &why), error);
  if (!nghttp2_session_want_read(h2->session) && !nghttp2_session_want_write(h2->session) &&
      rg_transport_backlog(h2->transport) == 0) {
    rg_set_error(&why, RG_ERR_UNAVAILABLE, "connection closed by the server (GOAWAY)");
    return die(h2, &why, error);
  }
  struct pollfd fds[2] = {
      {.fd = rg_transport_fd(h2->transport),
       .events = POLLIN | (rg_transport_backlog(h2->transport) ? POLLOUT : 0)},
      {.fd = wake_fd, .events = POLLIN}};
  int n;
  do n = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms < 0 ? 0 : timeout_ms);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    rg_set_error(&why, RG_ERR_UNAVAILABLE, "poll: %s", strerror(errno));
    return die(h2, &why, error);
  }
  if (wake_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) && woke) *woke = 1;
  if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
    uint8_t buf[READ_BUFFER];
    for (int i = 0; i < MAX_READS_PER_STEP; i++) {
      long got = rg_transport_read(h2->transport, buf, sizeof buf, &why);
      if (got < 0) {
        send_pending(h2, NULL); /* e.g. a GOAWAY nghttp2 wants to send */
        return die(h2, &why, error);
      }
      if (got == 0) break;
      h2->last_read_ms = rg_now_ms();
      ssize_t used = nghttp2_session_mem_recv(h2->session, buf, (size_t)got);
      if (used < 0) {
        rg_set_error(&why, RG_ERR_PROTOCOL, "HTTP/2 protocol error from the server: %s",
                     nghttp2_strerror((int)used));
        send_pending(h2, NULL);
        return die(h2, &why, error);
      }
    }
  }
  if (send_pending(h2, &why) != RG_OK) return die(h2, read_why(h2, &why), error);
  return RG_OK;
}

void rg_h2_close(rg_h2 *h2) {
  if (h2 == NULL) return;
  if (h2->session) {
    if (!h2->dead) {
      nghttp2_session_terminate_session(h2->session, NGHTTP2_NO_ERROR);
      send_pending(h2, NULL);
    }
    rg_error why;
    rg_set_error(&why, RG_ERR_UNAVAILABLE, "connection closed");
    die(h2, &why, NULL);
    nghttp2_session_del(h2->session);
  }
  rg_transport_close(h2->transport);
  free(h2);
}
