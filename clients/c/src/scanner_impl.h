/* The scanner's state, shared by scanner.c (the API around the queue) and sync.c (the sync
 * loop). Internal. */
#ifndef RG_SCANNER_IMPL_H
#define RG_SCANNER_IMPL_H

#include <stdint.h>

#include "grpc_call.h"
#include "h2.h"
#include "internal.h"
#include "queue.h"
#include "transport.h"

/* A scan sent on the current stream and not yet acknowledged. */
typedef struct in_flight {
  int64_t queue_id;
  int64_t device_sequence;
  char client_scan_id[37];
  char *barcode;
  int acked;
} in_flight;

struct rg_scanner {
  rg_queue *queue;
  /* Server. */
  int has_server;
  char host[256], port[8], authority[300];
  int tls;
  char *api_key, *verify_name;
  SSL_CTX *tls_ctx;
  int connect_timeout_ms, backoff_initial_ms, backoff_max_ms, keepalive_ms;
  size_t max_in_flight, max_message;
  rg_ack_callback on_ack;
  void *user;
  int wake_fd;
  /* Connection and stream. */
  rg_h2 *h2;
  rg_grpc_call *call;
  int half_closed;
  int pinged; /* a keepalive PING is outstanding */
  int64_t stream_opened_ms;
  int64_t cursor; /* the last queue id sent on this stream */
  in_flight *flight; /* ring of max_in_flight entries */
  size_t flight_head, flight_len, unacked;
  /* Backoff. */
  int64_t next_attempt_ms;
  double backoff_ms;
  /* The last failure, for RG_ERR_TIMEOUT; why the connection failed, for the stream. */
  rg_error last_failure;
  rg_error connection_failure;
};

/* Back to the first delay; the next attempt may start at once. */
void rg_scanner_reset_backoff(rg_scanner *s);
/* Ends the stream (reset if open) and closes the connection. */
void rg_scanner_disconnect(rg_scanner *s);

#endif
