/* A gRPC call on one HTTP/2 stream: request headers (with authorization and an optional
 * grpc-timeout), length-prefixed messages both ways, and the final status from trailers,
 * a Trailers-Only response, the HTTP status, a stream reset or a lost connection. */
#ifndef RG_GRPC_CALL_H
#define RG_GRPC_CALL_H

#include <stddef.h>
#include <stdint.h>

#include "h2.h"
#include "internal.h"

/* Where a call's status came from. */
typedef enum rg_status_origin {
  RG_ORIGIN_SERVER = 0,   /* grpc-status sent by the server */
  RG_ORIGIN_HTTP,         /* a non-200 :status, mapped by the gRPC spec */
  RG_ORIGIN_PROTOCOL,     /* the response broke gRPC/HTTP/2 rules (found by this client) */
  RG_ORIGIN_CONNECTION,   /* the connection was lost */
  RG_ORIGIN_LOCAL         /* cancelled by this client */
} rg_status_origin;

typedef struct rg_grpc_status {
  int code; /* gRPC status code */
  rg_status_origin origin;
  char message[512];
  char reason[64]; /* ErrorInfo reason from grpc-status-details-bin */
} rg_grpc_status;

typedef struct rg_grpc_call rg_grpc_call;

typedef struct rg_grpc_call_options {
  const char *scheme;    /* "http" or "https" */
  const char *authority; /* host:port */
  const char *path;      /* /package.Service/Method */
  const char *bearer;    /* authorization: Bearer <bearer>; NULL for none */
  int timeout_ms;        /* > 0: grpc-timeout; 0: no deadline */
  size_t max_message;    /* largest response message */
} rg_grpc_call_options;

/* Opens the call's stream on `h2`. NULL on failure. */
rg_grpc_call *rg_grpc_call_start(rg_h2 *h2, const rg_grpc_call_options *options,
                                 rg_error *error);
/* The request stream's pending bytes: append framed messages here, then rg_grpc_call_flush. */
rg_buf *rg_grpc_call_output(rg_grpc_call *call);
/* Tells HTTP/2 there is more to send. */
void rg_grpc_call_flush(rg_grpc_call *call);
/* Bytes appended but not yet taken by HTTP/2. */
size_t rg_grpc_call_unsent(const rg_grpc_call *call);
/* Ends the request stream after what is queued (END_STREAM). */
void rg_grpc_call_half_close(rg_grpc_call *call);
/* The next complete response message, or 0 when none is waiting. *data stays valid until the
 * next call to this function or to rg_h2_step. */
int rg_grpc_call_next_message(rg_grpc_call *call, const uint8_t **data, size_t *len);
/* 1 when the call has its final status and every message before it has been taken. */
int rg_grpc_call_finished(const rg_grpc_call *call);
const rg_grpc_status *rg_grpc_call_status(const rg_grpc_call *call);
/* Ends the call with a local status (resets the stream with CANCEL). */
void rg_grpc_call_cancel(rg_grpc_call *call, int code, const char *message);
/* Frees the call; a call not finished is cancelled first. */
void rg_grpc_call_free(rg_grpc_call *call);

#endif
