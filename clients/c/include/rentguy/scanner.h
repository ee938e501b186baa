/*
 * rentguy/scanner.h: the RentGuy scanner client library (C11).
 *
 * A scanner records every scan in a local SQLite queue first and delivers it later over
 * gRPC (`rentguy.warehouse.v1.WarehouseService/StreamScans`). A scan leaves the queue only when
 * the server's acknowledgement for it arrives; the server stores a scan before acknowledging it
 * and deduplicates on (device_id, client_scan_id), so delivering a scan twice is harmless.
 *
 *   rg_scanner_config config = {0};
 *   config.server = "https://rentguy.example:50051";
 *   config.api_key = "rgk_...";
 *   config.device_id = "scanner-7";
 *   config.queue_path = "/var/lib/scanner/queue.sqlite";
 *   rg_error error;
 *   rg_scanner *scanner = rg_scanner_open(&config, &error);
 *   if (scanner == NULL) { fprintf(stderr, "%s\n", error.message); ... }
 *   rg_scan scan = {0};
 *   scan.barcode = "A-000123";
 *   scan.action = RG_ACTION_CHECK_OUT;
 *   scan.booking_id = "bkg_...";
 *   if (rg_scanner_enqueue(scanner, &scan, NULL, &error) != RG_OK) { ... }  // durable now
 *   rg_sync_report report;
 *   rg_scanner_sync(scanner, 30000, &report, &error);   // RG_OK: the queue is empty
 *   rg_scanner_close(scanner);
 *
 * Conventions
 * - Functions that can fail return an rg_code (RG_OK is 0) or NULL, and fill the caller's
 *   rg_error when it is not NULL. Every rg_error field is set on failure; on success the error is
 *   left untouched.
 * - Strings passed in are only read during the call (the library copies what it keeps).
 * - Strings in structures the library returns belong to the library: in callbacks they are valid
 *   until the callback returns; lists are freed with the matching *_free function, which frees
 *   every string inside them.
 * - An rg_scanner is used by one thread at a time (it is not locked). Several scanners, also in
 *   other processes, may share one queue file: SQLite serializes them, device sequence numbers
 *   are allocated inside a write transaction, and a scan sent by two of them is answered
 *   DUPLICATE the second time.
 * - The library never installs signal handlers and never writes to stdout or stderr. Socket
 *   writes use MSG_NOSIGNAL, so a lost connection does not raise SIGPIPE.
 */
#ifndef RENTGUY_SCANNER_H
#define RENTGUY_SCANNER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RG_SCANNER_VERSION "0.1.0"

/* An open queue plus (when syncing) a connection. Opaque. */
typedef struct rg_scanner rg_scanner;

/* Result codes. Every function that returns `int` returns one of these. */
typedef enum rg_code {
  RG_OK = 0,
  /* A configuration value or scan field is missing or impossible (the message names it);
   * also: rg_scanner_sync on a scanner opened without server or API key. */
  RG_ERR_INVALID_ARGUMENT = 1,
  /* Memory allocation failed. */
  RG_ERR_NO_MEMORY = 2,
  /* The local queue database failed (open, schema, read or write; the message has SQLite's
   * error). The queue file is unchanged by the failed call. */
  RG_ERR_QUEUE = 3,
  /* The queue file belongs to another device id (a queue is bound to the device that created
   * it, so device sequence numbers stay one series). */
  RG_ERR_QUEUE_DEVICE = 4,
  /* Name resolution or the TCP connection failed or timed out. Retried by rg_scanner_sync;
   * seen directly only as rg_error.cause of RG_ERR_TIMEOUT. */
  RG_ERR_CONNECT = 5,
  /* TLS failed: handshake, certificate or host name verification, no ALPN "h2", or an
   * unreadable CA, certificate or key file (the last three are returned by rg_scanner_open). */
  RG_ERR_TLS = 6,
  /* The server broke HTTP/2 or gRPC framing (a malformed frame, a message over the size
   * limit, a response that is not gRPC). Retried by rg_scanner_sync on a new connection. */
  RG_ERR_PROTOCOL = 7,
  /* The connection was lost, or the server ended the stream with a status worth retrying
   * (UNAVAILABLE, UNIMPLEMENTED, INTERNAL, RESOURCE_EXHAUSTED, ...; grpc_status says which).
   * Retried by rg_scanner_sync with backoff. */
  RG_ERR_UNAVAILABLE = 8,
  /* The server refused the stream with a status that retrying with the same configuration
   * cannot fix: UNAUTHENTICATED (bad, expired or revoked API key), PERMISSION_DENIED
   * (reason "DEVICE_MISMATCH": the API key belongs to another device id, or
   * "PERMISSION_MISSING"), INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS,
   * OUT_OF_RANGE. rg_scanner_sync stops at once; the scans stay queued. */
  RG_ERR_REFUSED = 9,
  /* rg_scanner_sync's time ran out with scans still queued. rg_error.cause is the kind of the
   * last failure (RG_ERR_CONNECT, RG_ERR_TLS, RG_ERR_PROTOCOL, RG_ERR_UNAVAILABLE), or RG_OK
   * when the server was reachable but did not acknowledge everything in time. */
  RG_ERR_TIMEOUT = 10,
  /* rg_scanner_sync returned early because the wake descriptor (rg_scanner_set_wake_fd) became
   * readable. The stream stays open; the next sync continues where this one stopped. */
  RG_ERR_INTERRUPTED = 11
} rg_code;

/* An error. `message` is always NUL-terminated. */
typedef struct rg_error {
  rg_code code;
  /* For RG_ERR_TIMEOUT: the kind of the last failure (see above); otherwise equal to `code`. */
  rg_code cause;
  /* The gRPC status code (0..16) the last stream ended with, or -1 when no status is involved
   * (e.g. a refused TCP connection). 12 is UNIMPLEMENTED, 16 UNAUTHENTICATED, 7
   * PERMISSION_DENIED. */
  int grpc_status;
  /* The `reason` of the google.rpc.ErrorInfo in the status's grpc-status-details-bin (the
   * rentguy.common.v1.ErrorReason name without its prefix, e.g. "DEVICE_MISMATCH",
   * "CREDENTIAL_REVOKED"); empty when none. Switch on this, never on the message. */
  char reason[64];
  /* A human-readable explanation (the server's grpc-message when there is one). */
  char message[512];
} rg_error;

/* ScanAction (warehouse.proto); same numbers. */
typedef enum rg_action {
  RG_ACTION_UNSPECIFIED = 0,
  RG_ACTION_CHECK_OUT = 1, /* booking_id required */
  RG_ACTION_CHECK_IN = 2,
  RG_ACTION_AUDIT = 3,
  RG_ACTION_PREPARE = 4 /* booking_id required */
} rg_action;

/* ItemCondition (warehouse.proto); same numbers. For CHECK_IN; UNSPECIFIED means OK. */
typedef enum rg_condition {
  RG_CONDITION_UNSPECIFIED = 0,
  RG_CONDITION_OK = 1,
  RG_CONDITION_NEEDS_CHECK = 2,
  RG_CONDITION_DAMAGED = 3
} rg_condition;

/* ScanResult (warehouse.proto); same numbers. */
typedef enum rg_result {
  RG_RESULT_UNSPECIFIED = 0,
  RG_RESULT_ACCEPTED = 1,  /* stored and applied */
  RG_RESULT_DUPLICATE = 2, /* seen before; original_result says how it went then */
  RG_RESULT_CONFLICT = 3,  /* stored, did not fit the asset's state: a person resolves it */
  RG_RESULT_REJECTED = 4   /* malformed (reason says why); replaying it gives the same answer */
} rg_result;

/* A scan to enqueue. Zero-initialize it and set what applies. */
typedef struct rg_scan {
  const char *barcode;     /* required: an asset, case or bulk-product barcode */
  rg_action action;        /* required */
  const char *booking_id;  /* required for CHECK_OUT and PREPARE; NULL otherwise */
  const char *location_id; /* NULL: the home location of the device's API key */
  int quantity;            /* bulk barcodes: how many; 0 means the default (1) */
  rg_condition condition;  /* CHECK_IN */
  const char *note;        /* NULL or free text */
  /* When it was scanned (UTC). {0, 0}: now (the usual case). */
  struct timespec scanned_at;
} rg_scan;

/* A scan as stored in the queue (pending) or in the attention table. Owned by the list it is
 * in; freed by rg_queued_scans_free / rg_attention_free. Absent strings are "" (never NULL). */
typedef struct rg_queued_scan {
  int64_t queue_id;      /* local row id: the queue order */
  char *client_scan_id;  /* UUIDv4, lower case, 36 characters */
  char *device_id;
  int64_t device_sequence; /* 1, 2, 3, ... per queue (device) */
  char *barcode;
  rg_action action;
  char *booking_id;
  char *location_id;
  int quantity;
  rg_condition condition;
  char *note;
  struct timespec scanned_at;
  int attempts; /* how many streams the scan was sent on so far */
} rg_queued_scan;

/* A scan that needs a person: its ack was CONFLICT or REJECTED (or DUPLICATE of one of those,
 * when the first ack was lost). Kept until rg_scanner_dismiss. */
typedef struct rg_attention_item {
  int64_t id;              /* the attention row's id, for rg_scanner_dismiss */
  rg_queued_scan scan;     /* the scan as it was queued (queue_id is its old queue row) */
  rg_result result;        /* CONFLICT, REJECTED or DUPLICATE */
  rg_result original_result; /* for DUPLICATE */
  int reason;              /* ScanReason number (see rg_reason_name) */
  char *message;
  char *scan_id;           /* scn_... */
  char *conflict_id;       /* cfl_... for CONFLICT */
  struct timespec acked_at; /* local clock when the ack arrived */
} rg_attention_item;

/* One acknowledgement, passed to rg_scanner_config.on_ack. Strings are valid only during the
 * callback and are never NULL (absent: ""). The queue has already been updated (committed) when
 * the callback runs. */
typedef struct rg_ack {
  const char *client_scan_id;
  int64_t device_sequence;
  const char *barcode;        /* from the queue */
  rg_result result;
  rg_result original_result;  /* for DUPLICATE */
  int reason;                 /* ScanReason number; 0 when none */
  const char *message;
  const char *scan_id;
  const char *conflict_id;
  size_t asset_count;         /* assets the scan touched (several for a case) */
  int booking_status;         /* rentguy.booking.v1.BookingStatus number; 0 without a booking */
  struct timespec server_time; /* when the server committed it */
  int needs_attention;        /* 1 when the scan was moved to the attention table */
} rg_ack;

typedef void (*rg_ack_callback)(void *user, const rg_ack *ack);

/* Configuration for rg_scanner_open. Zero-initialize it; a zero number means its default. The
 * strings are copied. */
typedef struct rg_scanner_config {
  /* Where the server is: "host:port", "[::1]:port", "http://host:port" (plaintext HTTP/2,
   * prior knowledge) or "https://host[:port]" (TLS, ALPN h2; port default 443). NULL when the
   * scanner is only used to enqueue and inspect the queue (rg_scanner_sync then fails with
   * RG_ERR_INVALID_ARGUMENT). */
  const char *server;
  /* The device's API key ("rgk_..."), sent as `authorization: Bearer <key>`. Required with
   * `server`. */
  const char *api_key;
  /* The device id (1..128 characters). NULL: the id the queue was created with (a new queue
   * then cannot take scans). A queue is bound to the first device id that opens it. */
  const char *device_id;
  /* The queue database file (created when missing). Required. */
  const char *queue_path;
  /* TLS: a PEM bundle of trusted CAs instead of the system's; NULL for the system roots. */
  const char *ca_file;
  /* TLS: the name to verify the server's certificate against (and send as SNI) instead of
   * the host in `server`. An IP address is checked against the certificate's IP SANs. */
  const char *server_name;
  /* TLS: a client certificate chain and its private key (PEM), both or neither. */
  const char *cert_file;
  const char *key_file;
  /* TCP connect plus TLS handshake, per attempt (default 5000). */
  int connect_timeout_ms;
  /* Reconnect backoff (gRPC connection backoff): first delay (default 1000), multiplied by
   * 1.6 after each failed attempt with +-20% jitter, up to backoff_max_ms (default 120000).
   * Reset after a stream is acknowledged. */
  int backoff_initial_ms;
  int backoff_max_ms;
  /* Scans sent but not yet acknowledged, at most (default 512). */
  int max_in_flight;
  /* Liveness while scans are in flight: when nothing has arrived from the server for this
   * long, an HTTP/2 PING is sent; when nothing arrives for as long again, the connection is
   * taken for dead (e.g. a scanner that roamed to another Wi-Fi access point), closed, and the
   * scans are resent on a new one. Default 10000. */
  int keepalive_ms;
  /* Largest ack message accepted (default 4 MiB); a larger one is RG_ERR_PROTOCOL. */
  int max_message_bytes;
  /* Called once per ack (see rg_ack), from inside rg_scanner_sync. May be NULL. It must not
   * call back into the same scanner. */
  rg_ack_callback on_ack;
  void *user;
} rg_scanner_config;

/* Totals of one rg_scanner_sync call. */
typedef struct rg_sync_report {
  size_t sent;      /* scans written to a stream (a replay after a reconnect counts again) */
  size_t accepted;  /* acks ACCEPTED */
  size_t duplicate; /* acks DUPLICATE (delivered before; removed from the queue too) */
  size_t conflict;  /* acks CONFLICT (moved to the attention table) */
  size_t rejected;  /* acks REJECTED (moved to the attention table) */
  size_t pending;   /* scans still in the queue when the call returned */
  size_t connects;  /* connections opened (TCP plus TLS) */
  size_t streams;   /* StreamScans streams opened */
  size_t failures;  /* failed connection attempts and streams ended by an error */
} rg_sync_report;

/* Opens (creating when missing) the queue at config->queue_path and prepares a scanner. Does
 * not connect: rg_scanner_sync does, when there is something to send. TLS files are loaded
 * here, so a missing CA or key file fails now (RG_ERR_TLS).
 * Returns NULL on failure (RG_ERR_INVALID_ARGUMENT, RG_ERR_NO_MEMORY, RG_ERR_QUEUE,
 * RG_ERR_QUEUE_DEVICE, RG_ERR_TLS). The scanner is freed with rg_scanner_close. */
rg_scanner *rg_scanner_open(const rg_scanner_config *config, rg_error *error);

/* Stores a scan in the queue: a new UUIDv4 client_scan_id, the next device_sequence, and
 * scanned_at = now unless the scan gives one, in one SQLite transaction (WAL,
 * synchronous=FULL): when this returns RG_OK the scan survives a crash or power loss.
 * Does no network I/O. `out` (may be NULL) receives the scan's id and sequence.
 * Errors: RG_ERR_INVALID_ARGUMENT (empty barcode, no action, CHECK_OUT/PREPARE without
 * booking_id, negative quantity, a field over 1024 bytes, no device id), RG_ERR_QUEUE,
 * RG_ERR_NO_MEMORY. */
typedef struct rg_enqueued {
  char client_scan_id[37];
  int64_t device_sequence;
} rg_enqueued;
int rg_scanner_enqueue(rg_scanner *scanner, const rg_scan *scan, rg_enqueued *out, rg_error *error);

/* Delivers the queue. Connects when needed (reusing an open connection), opens StreamScans,
 * and streams every queued scan in queue order, up to max_in_flight at a time. Each ack
 * updates the queue before the next is read: ACCEPTED and DUPLICATE remove the scan; CONFLICT
 * and REJECTED move it to the attention table with the ack's reason and message (a DUPLICATE
 * whose original result was CONFLICT or REJECTED too). A lost connection or a retryable status
 * (see RG_ERR_UNAVAILABLE) is retried with backoff while time remains; a new stream replays
 * every scan not yet acknowledged. When the queue is empty the stream is half-closed and the
 * server's final status awaited (within the time left).
 * timeout_ms bounds the whole call, connection attempts included (values below 1 count as 1).
 * A stream still open when time runs out (or on RG_ERR_INTERRUPTED) stays open, so the next
 * call picks up the acks of scans in flight.
 * Returns RG_OK when the queue is empty; RG_ERR_TIMEOUT when time ran out with scans queued;
 * RG_ERR_REFUSED (the server refused the credential or device; scans stay queued);
 * RG_ERR_INVALID_ARGUMENT (no server configured); RG_ERR_INTERRUPTED; RG_ERR_QUEUE;
 * RG_ERR_NO_MEMORY. `report` (may be NULL) is filled in every case. */
int rg_scanner_sync(rg_scanner *scanner, int timeout_ms, rg_sync_report *report, rg_error *error);

/* Makes rg_scanner_sync return RG_ERR_INTERRUPTED as soon as `fd` is readable (e.g. stdin
 * with more barcodes). -1 (the default) turns it off. The descriptor is only polled. */
void rg_scanner_set_wake_fd(rg_scanner *scanner, int fd);

/* The number of scans in the queue (not yet acknowledged). */
int rg_scanner_pending(rg_scanner *scanner, size_t *count, rg_error *error);

/* The queued scans in queue order. On RG_OK *items is an array of *count scans (NULL when
 * empty) owned by the caller: free it with rg_queued_scans_free. */
int rg_scanner_pending_list(rg_scanner *scanner, rg_queued_scan **items, size_t *count,
                            rg_error *error);
void rg_queued_scans_free(rg_queued_scan *items, size_t count);

/* The attention table, oldest first. On RG_OK *items (NULL when empty) is owned by the caller:
 * free it with rg_attention_free. */
int rg_scanner_attention(rg_scanner *scanner, rg_attention_item **items, size_t *count,
                         rg_error *error);
void rg_attention_free(rg_attention_item *items, size_t count);

/* Removes one attention item (id from rg_attention_item.id), or all of them (id 0), after a
 * person has dealt with it. Removing an id that is not there is not an error. */
int rg_scanner_dismiss(rg_scanner *scanner, int64_t id, rg_error *error);

/* The device id the queue is bound to ("" for a new queue without one). Owned by the scanner. */
const char *rg_scanner_device_id(const rg_scanner *scanner);

/* Closes the connection (a stream still open is reset: scans sent on it without an ack stay
 * queued and are answered DUPLICATE when they are sent again), the queue, and frees the
 * scanner. NULL is allowed. */
void rg_scanner_close(rg_scanner *scanner);

/* Names, for printing: "OK", "RG_ERR_..." style names without the prefix ("TIMEOUT"); the
 * proto names without their prefixes ("ACCEPTED", "NOT_CHECKED_OUT", "CHECK_OUT",
 * "UNAVAILABLE"). Unknown numbers give "UNKNOWN". Static strings. */
const char *rg_code_name(int code);
const char *rg_result_name(int result);
const char *rg_reason_name(int reason);
const char *rg_action_name(int action);
const char *rg_condition_name(int condition);
const char *rg_grpc_status_name(int status);

/* Parses the names above (case-insensitive, '-' or '_'): "check-out" -> RG_ACTION_CHECK_OUT,
 * "needs-check" -> RG_CONDITION_NEEDS_CHECK. Return -1 when unknown. */
int rg_action_parse(const char *name);
int rg_condition_parse(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* RENTGUY_SCANNER_H */
