/* A gRPC call over one HTTP/2 stream (see grpc_call.h). */
#include "grpc_call.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_frame.h"

#define MAX_HEADER_LIST 16384 /* what we advertise; counted like nghttp2/the server: n + v + 32 */
#define MAX_DETAILS 8192

#define USER_AGENT "rentguy-scanner-c/" RG_SCANNER_VERSION

struct rg_grpc_call {
  rg_h2 *h2; /* NULL once the stream is closed */
  int32_t stream_id;
  rg_buf out;
  int half_close;
  rg_frame_reader reader;
  rg_buf inbox; /* complete messages: 4-byte length (host order) + bytes */
  /* Response state. */
  int http_status;
  int content_type_ok;
  int headers_done;
  size_t header_bytes;
  int grpc_status; /* -2: not sent, -1: not a number */
  char grpc_message[512];
  char reason[64];
  char details_message[512];
  int has_status;
  rg_grpc_status status;
};

static void finish(rg_grpc_call *call, int code, rg_status_origin origin, const char *reason,
                   const char *format, ...) __attribute__((format(printf, 5, 6)));

static void finish(rg_grpc_call *call, int code, rg_status_origin origin, const char *reason,
                   const char *format, ...) {
  if (call->has_status) return;
  call->has_status = 1;
  call->status.code = code;
  call->status.origin = origin;
  snprintf(call->status.reason, sizeof call->status.reason, "%s", reason ? reason : "");
  va_list args;
  va_start(args, format);
  vsnprintf(call->status.message, sizeof call->status.message, format, args);
  va_end(args);
}

static int name_is(const uint8_t *name, size_t len, const char *expected) {
  return len == strlen(expected) && memcmp(name, expected, len) == 0;
}

/* grpc-status, grpc-message and grpc-status-details-bin (trailers or Trailers-Only). */
static void status_field(rg_grpc_call *call, const uint8_t *name, size_t name_len,
                         const uint8_t *value, size_t value_len) {
  if (name_is(name, name_len, "grpc-status")) {
    call->grpc_status = rg_grpc_status_parse((const char *)value, value_len);
  } else if (name_is(name, name_len, "grpc-message")) {
    rg_percent_decode((const char *)value, value_len, call->grpc_message,
                      sizeof call->grpc_message);
  } else if (name_is(name, name_len, "grpc-status-details-bin")) {
    uint8_t *details = malloc(MAX_DETAILS);
    if (details == NULL) return;
    long n = rg_base64_decode((const char *)value, value_len, details, MAX_DETAILS);
    char domain[64];
    if (n >= 0)
      rg_status_details_parse(details, (size_t)n, call->details_message,
                              sizeof call->details_message, call->reason, sizeof call->reason,
                              domain, sizeof domain);
    free(details);
  }
}

static int on_header(void *ctx, int trailers, const uint8_t *name, size_t name_len,
                     const uint8_t *value, size_t value_len) {
  rg_grpc_call *call = ctx;
  call->header_bytes += name_len + value_len + 32;
  if (call->header_bytes > MAX_HEADER_LIST) {
    finish(call, RG_GRPC_RESOURCE_EXHAUSTED, RG_ORIGIN_PROTOCOL, NULL,
           "response header list larger than %d bytes", MAX_HEADER_LIST);
    return -1;
  }
  if (!trailers && name_is(name, name_len, ":status")) {
    int status = 0;
    for (size_t i = 0; i < value_len && i < 4; i++)
      status = status * 10 + (value[i] >= '0' && value[i] <= '9' ? value[i] - '0' : 0);
    call->http_status = status;
  } else if (!trailers && name_is(name, name_len, "content-type")) {
    static const char grpc[] = "application/grpc";
    size_t n = sizeof grpc - 1;
    call->content_type_ok = value_len >= n && memcmp(value, grpc, n) == 0 &&
                            (value_len == n || value[n] == '+' || value[n] == ';');
  } else {
    status_field(call, name, name_len, value, value_len);
  }
  return 0;
}

/* The status from grpc-status & co (trailers or Trailers-Only). */
static void finish_from_fields(rg_grpc_call *call) {
  if (call->grpc_status == -2) {
    finish(call, RG_GRPC_INTERNAL, RG_ORIGIN_PROTOCOL, NULL,
           "the server ended the stream without grpc-status");
    return;
  }
  int code = call->grpc_status < 0 ? RG_GRPC_UNKNOWN : call->grpc_status;
  if (code == RG_GRPC_OK && rg_frame_reader_finish(&call->reader) != RG_FRAME_OK) {
    finish(call, RG_GRPC_INTERNAL, RG_ORIGIN_PROTOCOL, NULL, "stream ended inside a message");
    return;
  }
  const char *message = call->grpc_message[0] ? call->grpc_message : call->details_message;
  finish(call, code, RG_ORIGIN_SERVER, call->reason, "%s", message);
}

static void on_headers_done(void *ctx, int trailers, int end_stream) {
  rg_grpc_call *call = ctx;
  call->header_bytes = 0;
  if (!trailers) {
    call->headers_done = 1;
    if (call->http_status != 200) {
      finish(call, rg_grpc_status_from_http(call->http_status), RG_ORIGIN_HTTP, NULL,
             "HTTP status %d%s%s", call->http_status, call->grpc_message[0] ? ": " : "",
             call->grpc_message);
    } else if (!call->content_type_ok) {
      finish(call, RG_GRPC_UNKNOWN, RG_ORIGIN_PROTOCOL, NULL,
             "the response is not gRPC (content-type)");
    } else if (end_stream) {
      finish_from_fields(call); /* Trailers-Only */
    }
  } else {
    finish_from_fields(call);
  }
}

static int collect(void *ctx, const uint8_t *message, size_t len) {
  rg_grpc_call *call = ctx;
  uint32_t n = (uint32_t)len;
  if (rg_buf_reserve(&call->inbox, sizeof n + len) != 0) return -1;
  rg_buf_append(&call->inbox, &n, sizeof n);
  rg_buf_append(&call->inbox, message, len);
  return 0;
}

static int on_data(void *ctx, const uint8_t *data, size_t len) {
  rg_grpc_call *call = ctx;
  if (call->has_status) return 0; /* e.g. an HTTP error page after a non-200 status */
  rg_frame_result result = rg_frame_reader_feed(&call->reader, data, len, collect, call);
  if (result == RG_FRAME_OK) return 0;
  finish(call, result == RG_FRAME_TOO_LARGE ? RG_GRPC_RESOURCE_EXHAUSTED : RG_GRPC_INTERNAL,
         RG_ORIGIN_PROTOCOL, NULL, "response: %s", rg_frame_result_text(result));
  return -1;
}

static void on_data_end(void *ctx) {
  rg_grpc_call *call = ctx;
  finish(call, RG_GRPC_INTERNAL, RG_ORIGIN_PROTOCOL, NULL,
         "the server ended the stream without trailers");
}

static void on_close(void *ctx, uint32_t h2_error) {
  rg_grpc_call *call = ctx;
  call->h2 = NULL;
  switch (h2_error) {
    case RG_H2_CONNECTION_LOST:
      finish(call, RG_GRPC_UNAVAILABLE, RG_ORIGIN_CONNECTION, NULL, "connection lost");
      break;
    case NGHTTP2_REFUSED_STREAM:
      finish(call, RG_GRPC_UNAVAILABLE, RG_ORIGIN_CONNECTION, NULL,
             "the server refused the stream");
      break;
    case NGHTTP2_CANCEL:
      finish(call, RG_GRPC_CANCELLED, RG_ORIGIN_SERVER, NULL, "stream cancelled by the server");
      break;
    case NGHTTP2_NO_ERROR:
      finish(call, RG_GRPC_INTERNAL, RG_ORIGIN_PROTOCOL, NULL,
             "stream closed without a gRPC status");
      break;
    default:
      finish(call, RG_GRPC_INTERNAL, RG_ORIGIN_PROTOCOL, NULL, "stream reset: %s",
             nghttp2_http2_strerror(h2_error));
  }
}

static size_t read_body(void *ctx, uint8_t *buf, size_t len, int *eof) {
  rg_grpc_call *call = ctx;
  size_t n = rg_buf_size(&call->out);
  if (n > len) n = len;
  memcpy(buf, rg_buf_head(&call->out), n);
  rg_buf_consume(&call->out, n);
  *eof = call->half_close && rg_buf_size(&call->out) == 0;
  return n;
}

static const rg_h2_stream_handler HANDLER = {on_header, on_headers_done, on_data,
                                             on_data_end, on_close,     read_body};

#define NV(name, value, flags)                                                                 \
  {(uint8_t *)(name), (uint8_t *)(value), strlen(name), strlen(value), (flags)}

rg_grpc_call *rg_grpc_call_start(rg_h2 *h2, const rg_grpc_call_options *options,
                                 rg_error *error) {
  rg_grpc_call *call = calloc(1, sizeof *call);
  if (call == NULL) {
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    return NULL;
  }
  call->grpc_status = -2;
  rg_frame_reader_init(&call->reader, options->max_message);
  char bearer[1100], timeout[16];
  nghttp2_nv headers[10] = {
      NV(":method", "POST", NGHTTP2_NV_FLAG_NONE),
      NV(":scheme", options->scheme, NGHTTP2_NV_FLAG_NONE),
      NV(":path", options->path, NGHTTP2_NV_FLAG_NONE),
      NV(":authority", options->authority, NGHTTP2_NV_FLAG_NONE),
      NV("content-type", "application/grpc", NGHTTP2_NV_FLAG_NONE),
      NV("te", "trailers", NGHTTP2_NV_FLAG_NONE),
      NV("user-agent", USER_AGENT, NGHTTP2_NV_FLAG_NONE),
      NV("grpc-accept-encoding", "identity", NGHTTP2_NV_FLAG_NONE),
  };
  size_t count = 8;
  if (options->bearer) {
    snprintf(bearer, sizeof bearer, "Bearer %s", options->bearer);
    nghttp2_nv nv = NV("authorization", bearer, NGHTTP2_NV_FLAG_NO_INDEX);
    headers[count++] = nv;
  }
  if (options->timeout_ms > 0) {
    rg_grpc_timeout_format(options->timeout_ms, timeout);
    nghttp2_nv nv = NV("grpc-timeout", timeout, NGHTTP2_NV_FLAG_NONE);
    headers[count++] = nv;
  }
  call->h2 = h2;
  call->stream_id = rg_h2_submit(h2, headers, count, &HANDLER, call, error);
  if (call->stream_id < 0) {
    rg_frame_reader_free(&call->reader);
    free(call);
    return NULL;
  }
  return call;
}

rg_buf *rg_grpc_call_output(rg_grpc_call *call) { return &call->out; }

void rg_grpc_call_flush(rg_grpc_call *call) {
  if (call->h2) rg_h2_resume(call->h2, call->stream_id);
}

size_t rg_grpc_call_unsent(const rg_grpc_call *call) { return rg_buf_size(&call->out); }

void rg_grpc_call_half_close(rg_grpc_call *call) {
  call->half_close = 1;
  rg_grpc_call_flush(call);
}

int rg_grpc_call_next_message(rg_grpc_call *call, const uint8_t **data, size_t *len) {
  if (rg_buf_size(&call->inbox) < sizeof(uint32_t)) return 0;
  uint32_t n;
  memcpy(&n, rg_buf_head(&call->inbox), sizeof n);
  *data = rg_buf_head(&call->inbox) + sizeof n;
  *len = n;
  rg_buf_consume(&call->inbox, sizeof n + n);
  return 1;
}

int rg_grpc_call_finished(const rg_grpc_call *call) {
  return call->has_status && rg_buf_size(&call->inbox) == 0;
}

const rg_grpc_status *rg_grpc_call_status(const rg_grpc_call *call) {
  return call->has_status ? &call->status : NULL;
}

void rg_grpc_call_cancel(rg_grpc_call *call, int code, const char *message) {
  finish(call, code, RG_ORIGIN_LOCAL, NULL, "%s", message);
  if (call->h2) rg_h2_reset(call->h2, call->stream_id, NGHTTP2_CANCEL);
  call->h2 = NULL;
}

void rg_grpc_call_free(rg_grpc_call *call) {
  if (call == NULL) return;
  if (call->h2) rg_h2_reset(call->h2, call->stream_id, NGHTTP2_CANCEL);
  rg_frame_reader_free(&call->reader);
  rg_buf_free(&call->out);
  rg_buf_free(&call->inbox);
  free(call);
}
