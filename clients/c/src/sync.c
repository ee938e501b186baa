/* rg_scanner_sync: streams the queue to StreamScans and applies the acks (see scanner.h). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/rand.h>

#include "grpc_frame.h"
#include "scan_codec.h"
#include "scanner_impl.h"

#define STREAM_SCANS_PATH "/rentguy.warehouse.v1.WarehouseService/StreamScans"
#define FILL_BATCH 64                 /* scans read from the queue at a time */
#define OUTPUT_LIMIT (128 * 1024)     /* request bytes queued ahead of HTTP/2 */
#define MAX_STEP_MS 1000              /* re-check the queue at least this often */

static void record_failure(rg_scanner *s, const rg_error *failure, rg_sync_report *report) {
  s->last_failure = *failure;
  report->failures++;
}

/* gRPC connection backoff: the delay grows ×1.6 up to the cap, with ±20 % jitter. */
static void schedule_retry(rg_scanner *s) {
  uint32_t random = 0;
  RAND_bytes((unsigned char *)&random, sizeof random);
  double jitter = 0.8 + 0.4 * ((double)random / 4294967295.0);
  s->next_attempt_ms = rg_now_ms() + (int64_t)(s->backoff_ms * jitter);
  s->backoff_ms *= 1.6;
  if (s->backoff_ms > s->backoff_max_ms) s->backoff_ms = s->backoff_max_ms;
}

void rg_scanner_reset_backoff(rg_scanner *s) {
  s->backoff_ms = s->backoff_initial_ms;
  s->next_attempt_ms = 0;
}

static void clear_flight(rg_scanner *s) {
  for (size_t i = 0; i < s->flight_len; i++)
    free(s->flight[(s->flight_head + i) % s->max_in_flight].barcode);
  s->flight_head = s->flight_len = s->unacked = 0;
}

static void end_call(rg_scanner *s) {
  rg_grpc_call_free(s->call);
  s->call = NULL;
  s->half_closed = 0;
  s->cursor = 0;
  clear_flight(s);
}

void rg_scanner_disconnect(rg_scanner *s) {
  end_call(s);
  rg_h2_close(s->h2);
  s->h2 = NULL;
}

/* Opens a connection if needed and a StreamScans stream on it. */
static int open_stream(rg_scanner *s, int64_t deadline, rg_sync_report *report, rg_error *error) {
  if (s->h2 != NULL) { /* notice a GOAWAY or a closed socket before reusing the connection */
    if (rg_h2_step(s->h2, 0, -1, NULL, NULL) != RG_OK || !rg_h2_can_open(s->h2)) {
      rg_h2_close(s->h2);
      s->h2 = NULL;
    }
  }
  if (s->h2 == NULL) {
    int64_t left = deadline - rg_now_ms();
    int timeout = left < s->connect_timeout_ms ? (int)(left > 1 ? left : 1) : s->connect_timeout_ms;
    s->h2 = rg_h2_connect(s->host, s->port, s->tls_ctx, s->verify_name, timeout, error);
    if (s->h2 == NULL) return error->code;
    report->connects++;
  }
  rg_grpc_call_options options = {
      .scheme = s->tls ? "https" : "http",
      .authority = s->authority,
      .path = STREAM_SCANS_PATH,
      .bearer = s->api_key,
      .timeout_ms = 0, /* a scan stream is long-lived: deadlines are enforced locally */
      .max_message = s->max_message,
  };
  s->call = rg_grpc_call_start(s->h2, &options, error);
  if (s->call == NULL) {
    rg_h2_close(s->h2);
    s->h2 = NULL;
    return error->code;
  }
  report->streams++;
  rg_clear_error(&s->connection_failure);
  s->pinged = 0;
  s->stream_opened_ms = rg_now_ms();
  s->half_closed = 0;
  s->cursor = 0; /* replay everything not acknowledged */
  clear_flight(s);
  return RG_OK;
}

/* Sends queued scans after the cursor while the in-flight window and output buffer allow. */
static int fill(rg_scanner *s, rg_sync_report *report, rg_error *error) {
  int sent = 0;
  while (s->flight_len < s->max_in_flight && rg_grpc_call_unsent(s->call) < OUTPUT_LIMIT) {
    size_t room = s->max_in_flight - s->flight_len;
    rg_queued_scan *scans;
    size_t count;
    int code = rg_queue_list(s->queue, s->cursor, room < FILL_BATCH ? room : FILL_BATCH, &scans,
                             &count, error);
    if (code != RG_OK) return code;
    if (count == 0) break;
    for (size_t i = 0; i < count; i++) {
      in_flight *f = &s->flight[(s->flight_head + s->flight_len) % s->max_in_flight];
      memset(f, 0, sizeof *f);
      f->queue_id = scans[i].queue_id;
      f->device_sequence = scans[i].device_sequence;
      memcpy(f->client_scan_id, scans[i].client_scan_id, sizeof f->client_scan_id - 1);
      f->barcode = strdup(scans[i].barcode);
      if (f->barcode == NULL || rg_scan_request_append(rg_grpc_call_output(s->call), &scans[i])) {
        free(f->barcode);
        rg_queued_scans_free(scans, count);
        return rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
      }
      s->flight_len++;
      s->unacked++;
      s->cursor = scans[i].queue_id;
      report->sent++;
    }
    code = rg_queue_mark_sent(s->queue, scans[0].queue_id, scans[count - 1].queue_id, error);
    rg_queued_scans_free(scans, count);
    if (code != RG_OK) return code;
    sent = 1;
  }
  if (sent) rg_grpc_call_flush(s->call);
  return RG_OK;
}

/* The in-flight entry for an ack: normally the oldest one (acks come in order). */
static in_flight *match(rg_scanner *s, const char *client_scan_id) {
  for (size_t i = 0; i < s->flight_len; i++) {
    in_flight *f = &s->flight[(s->flight_head + i) % s->max_in_flight];
    if (!f->acked && strcmp(f->client_scan_id, client_scan_id) == 0) return f;
  }
  return NULL;
}

static void pop_acked(rg_scanner *s) {
  while (s->flight_len > 0 && s->flight[s->flight_head].acked) {
    free(s->flight[s->flight_head].barcode);
    s->flight[s->flight_head].barcode = NULL;
    s->flight_head = (s->flight_head + 1) % s->max_in_flight;
    s->flight_len--;
  }
}

static void count_result(rg_sync_report *report, int result) {
  switch (result) {
    case RG_RESULT_ACCEPTED: report->accepted++; break;
    case RG_RESULT_DUPLICATE: report->duplicate++; break;
    case RG_RESULT_CONFLICT: report->conflict++; break;
    case RG_RESULT_REJECTED: report->rejected++; break;
    default: break;
  }
}

/* Applies every ack waiting on the stream: one queue transaction, then the callbacks. */
static int take_acks(rg_scanner *s, rg_sync_report *report, rg_error *error) {
  enum { BATCH = 256 };
  rg_scan_ack_msg *acks[BATCH];
  in_flight *entries[BATCH];
  for (;;) {
    size_t n = 0;
    const uint8_t *data;
    size_t len;
    while (n < BATCH && rg_grpc_call_next_message(s->call, &data, &len)) {
      acks[n] = rg_scan_ack_decode(data, len);
      if (acks[n] == NULL) {
        for (size_t i = 0; i < n; i++) rg_scan_ack_free(acks[i]);
        rg_grpc_call_cancel(s->call, RG_GRPC_INTERNAL, "the server sent an undecodable ScanAck");
        return RG_OK;
      }
      n++;
    }
    if (n == 0) return RG_OK;
    int code = rg_queue_begin(s->queue, error);
    for (size_t i = 0; i < n && code == RG_OK; i++) {
      rg_queue_ack qa = {acks[i]->client_scan_id, acks[i]->result, acks[i]->original_result,
                         acks[i]->reason, acks[i]->message, acks[i]->scan_id,
                         acks[i]->conflict_id};
      int found;
      code = rg_queue_apply_ack(s->queue, &qa, &found, error);
    }
    if (code == RG_OK) code = rg_queue_commit(s->queue, error);
    else rg_queue_rollback(s->queue);
    for (size_t i = 0; i < n; i++) {
      entries[i] = code == RG_OK ? match(s, acks[i]->client_scan_id) : NULL;
      if (entries[i]) {
        entries[i]->acked = 1;
        s->unacked--;
      }
    }
    for (size_t i = 0; i < n && code == RG_OK; i++) {
      rg_scan_ack_msg *a = acks[i];
      count_result(report, a->result);
      if (s->on_ack) {
        rg_queue_ack qa = {a->client_scan_id, a->result, a->original_result, a->reason,
                           NULL, NULL, NULL};
        rg_ack ack = {
            .client_scan_id = a->client_scan_id,
            .device_sequence = entries[i] ? entries[i]->device_sequence : a->device_sequence,
            .barcode = entries[i] && entries[i]->barcode ? entries[i]->barcode : "",
            .result = (rg_result)a->result,
            .original_result = (rg_result)a->original_result,
            .reason = a->reason,
            .message = a->message,
            .scan_id = a->scan_id,
            .conflict_id = a->conflict_id,
            .asset_count = a->n_asset_ids > a->n_assets ? a->n_asset_ids : a->n_assets,
            .booking_status = a->booking_status,
            .needs_attention = rg_queue_ack_needs_attention(&qa),
        };
        if (a->server_time) {
          ack.server_time.tv_sec = (time_t)a->server_time->seconds;
          ack.server_time.tv_nsec = a->server_time->nanos;
        }
        s->on_ack(s->user, &ack);
      }
    }
    for (size_t i = 0; i < n; i++) rg_scan_ack_free(acks[i]);
    pop_acked(s);
    if (code != RG_OK) return code;
    rg_scanner_reset_backoff(s); /* the server is taking scans */
  }
}

static int permanent(int grpc_code) {
  switch (grpc_code) {
    case RG_GRPC_UNAUTHENTICATED: case RG_GRPC_PERMISSION_DENIED: case RG_GRPC_INVALID_ARGUMENT:
    case RG_GRPC_FAILED_PRECONDITION: case RG_GRPC_NOT_FOUND: case RG_GRPC_ALREADY_EXISTS:
    case RG_GRPC_OUT_OF_RANGE:
      return 1;
    default:
      return 0;
  }
}

/* The stream has ended. RG_OK to go on (retry later or open the next stream), RG_ERR_REFUSED
 * to stop. */
static int stream_ended(rg_scanner *s, rg_sync_report *report, rg_error *error) {
  const rg_grpc_status *st = rg_grpc_call_status(s->call);
  size_t unacked = s->unacked;
  int clean = st->code == RG_GRPC_OK && unacked == 0 && s->half_closed;
  rg_error failure;
  int drop = 0;
  if (clean) {
    end_call(s);
    return RG_OK;
  }
  if (st->code == RG_GRPC_OK) {
    rg_set_rpc_error(&failure, RG_ERR_UNAVAILABLE, RG_GRPC_OK, NULL,
                     "the server ended the stream with %zu scans unacknowledged", unacked);
  } else {
    rg_code kind = RG_ERR_UNAVAILABLE;
    if (st->origin == RG_ORIGIN_PROTOCOL || st->origin == RG_ORIGIN_LOCAL) kind = RG_ERR_PROTOCOL;
    else if ((st->origin == RG_ORIGIN_SERVER || st->origin == RG_ORIGIN_HTTP) &&
             permanent(st->code))
      kind = RG_ERR_REFUSED;
    drop = st->origin == RG_ORIGIN_PROTOCOL || st->origin == RG_ORIGIN_CONNECTION ||
           st->origin == RG_ORIGIN_LOCAL;
    if (st->origin == RG_ORIGIN_CONNECTION && s->connection_failure.code != RG_OK) {
      failure = s->connection_failure; /* the transport's own words */
      failure.grpc_status = st->code;
    } else {
      rg_set_rpc_error(&failure, kind, st->code, st->reason, "StreamScans: %s%s%s%s%s%s",
                       rg_grpc_status_name(st->code), st->reason[0] ? " (" : "", st->reason,
                       st->reason[0] ? ")" : "", st->message[0] ? ": " : "", st->message);
    }
  }
  record_failure(s, &failure, report);
  if (drop) rg_scanner_disconnect(s);
  else end_call(s);
  if (failure.code == RG_ERR_REFUSED) {
    if (error) *error = failure;
    return RG_ERR_REFUSED;
  }
  schedule_retry(s);
  return RG_OK;
}

/* Keepalive while the stream waits for the server: PING after keepalive_ms of silence, drop the
 * connection after as long again. 0 when it was dropped (the scans are resent later). */
/* How long the server has been silent on the current stream. */
static int64_t quiet_ms(const rg_scanner *s) {
  int64_t since = rg_h2_last_read_ms(s->h2);
  if (since < s->stream_opened_ms) since = s->stream_opened_ms; /* a reused, idle connection */
  return rg_now_ms() - since;
}

static int alive(rg_scanner *s, rg_sync_report *report) {
  int64_t idle = quiet_ms(s);
  if (idle < s->keepalive_ms) {
    s->pinged = 0;
    return 1;
  }
  if (s->unacked == 0 && !s->half_closed) return 1; /* nothing expected from the server */
  if (!s->pinged) {
    rg_h2_ping(s->h2);
    s->pinged = 1;
    return 1;
  }
  if (idle < 2 * (int64_t)s->keepalive_ms) return 1;
  rg_error failure;
  rg_set_error(&failure, RG_ERR_UNAVAILABLE,
               "connection lost: no response from the server for %lld ms (%zu scans in flight)",
               (long long)idle, s->unacked);
  record_failure(s, &failure, report);
  rg_scanner_disconnect(s);
  schedule_retry(s);
  return 0;
}

/* Waits until `until` (monotonic ms) or the wake descriptor. 1 when woken. */
static int wait_until(rg_scanner *s, int64_t until) {
  int64_t left = until - rg_now_ms();
  if (left <= 0) return 0;
  struct pollfd p = {.fd = s->wake_fd, .events = POLLIN};
  int n = poll(&p, s->wake_fd >= 0 ? 1 : 0, (int)left);
  return n > 0;
}

/* Fills report->pending and returns `code`. */
static int finish_sync(rg_scanner *s, int code, rg_sync_report *report) {
  size_t pending = 0;
  if (rg_queue_count(s->queue, &pending, NULL) == RG_OK) report->pending = pending;
  return code;
}

static int timed_out(rg_scanner *s, rg_sync_report *report, rg_error *error) {
  finish_sync(s, RG_ERR_TIMEOUT, report);
  if (error) {
    if (s->last_failure.code == RG_OK) { /* reachable, but not everything was acknowledged */
      rg_set_error(error, RG_ERR_TIMEOUT, "timed out with %zu scans queued (%zu in flight)",
                   report->pending, s->unacked);
      error->cause = RG_OK;
    } else {
      *error = s->last_failure;
      error->cause = s->last_failure.code;
      error->code = RG_ERR_TIMEOUT;
      snprintf(error->message, sizeof error->message, "%zu scans queued; last error: %.440s",
               report->pending, s->last_failure.message);
    }
  }
  return RG_ERR_TIMEOUT;
}

static int interrupted(rg_scanner *s, rg_sync_report *report, rg_error *error) {
  rg_set_error(error, RG_ERR_INTERRUPTED, "interrupted: the wake descriptor is readable");
  return finish_sync(s, RG_ERR_INTERRUPTED, report);
}

int rg_scanner_sync(rg_scanner *s, int timeout_ms, rg_sync_report *report, rg_error *error) {
  rg_sync_report scratch;
  if (report == NULL) report = &scratch;
  memset(report, 0, sizeof *report);
  if (!s->has_server) {
    finish_sync(s, RG_OK, report);
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "sync: no server configured");
  }
  int64_t deadline = rg_now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
  rg_clear_error(&s->last_failure);
  rg_clear_error(&s->connection_failure);
  for (;;) {
    int code;
    size_t queued;
    if ((code = rg_queue_count(s->queue, &queued, error)) != RG_OK)
      return finish_sync(s, code, report);
    int64_t now = rg_now_ms();

    if (queued == 0 && s->unacked == 0 && s->call == NULL) return finish_sync(s, RG_OK, report);
    if (queued == 0 && s->unacked == 0 && !s->half_closed) {
      rg_grpc_call_half_close(s->call); /* done: let the server end the stream */
      s->half_closed = 1;
    }
    if (s->call == NULL) {
      if (now >= deadline) return timed_out(s, report, error);
      if (now < s->next_attempt_ms) {
        if (s->next_attempt_ms >= deadline) {
          wait_until(s, deadline);
          return timed_out(s, report, error);
        }
        if (wait_until(s, s->next_attempt_ms)) return interrupted(s, report, error);
        continue;
      }
      rg_error failure;
      code = open_stream(s, deadline, report, &failure);
      if (code == RG_ERR_NO_MEMORY) {
        if (error) *error = failure;
        return finish_sync(s, code, report);
      }
      if (code != RG_OK) {
        record_failure(s, &failure, report);
        schedule_retry(s);
        continue;
      }
    }
    if (!s->half_closed && !rg_h2_can_open(s->h2)) {
      /* GOAWAY (e.g. the server is shutting down): send nothing more on this connection, let
       * the scans in flight be acknowledged, and continue on a new connection. */
      rg_grpc_call_half_close(s->call);
      s->half_closed = 1;
    }
    if (!s->half_closed && (code = fill(s, report, error)) != RG_OK) {
      rg_scanner_disconnect(s);
      return finish_sync(s, code, report);
    }
    now = rg_now_ms();
    if (now >= deadline) {
      if (queued == 0 && s->unacked == 0) { /* all delivered; the final status did not come */
        end_call(s);
        return finish_sync(s, RG_OK, report);
      }
      return timed_out(s, report, error);
    }
    int64_t wait = deadline - now;
    if (wait > MAX_STEP_MS) wait = MAX_STEP_MS;
    if (s->unacked > 0 || s->half_closed) { /* wake up for the next keepalive decision */
      int64_t next = (s->pinged ? 2 * (int64_t)s->keepalive_ms : s->keepalive_ms) - quiet_ms(s);
      if (wait > next) wait = next > 1 ? next : 1;
    }
    int woke = 0;
    /* A connection failure reaches the call as its status (on_close); keep the details. */
    rg_h2_step(s->h2, (int)wait, s->wake_fd, &woke, &s->connection_failure);
    if ((code = take_acks(s, report, error)) != RG_OK) {
      rg_scanner_disconnect(s);
      return finish_sync(s, code, report);
    }
    if (rg_grpc_call_finished(s->call)) {
      if ((code = stream_ended(s, report, error)) != RG_OK)
        return finish_sync(s, code, report);
    } else if (!alive(s, report)) {
      continue;
    }
    if (woke) return interrupted(s, report, error);
  }
}
