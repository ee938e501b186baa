/* The local scan queue: an SQLite database (WAL, synchronous=FULL) with the scans not yet
 * acknowledged (`pending`, in queue order) and those a person must look at (`attention`). */
#ifndef RG_QUEUE_H
#define RG_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

typedef struct rg_queue rg_queue;

/* Opens or creates the queue and binds it to `device_id` (NULL: keep the bound one). */
int rg_queue_open(const char *path, const char *device_id, rg_queue **out, rg_error *error);
void rg_queue_close(rg_queue *queue);
/* The bound device id, "" when none. */
const char *rg_queue_device_id(const rg_queue *queue);

/* Validates and stores a scan (one transaction). */
int rg_queue_enqueue(rg_queue *queue, const rg_scan *scan, rg_enqueued *out, rg_error *error);

int rg_queue_count(rg_queue *queue, size_t *count, rg_error *error);

/* Up to `limit` queued scans with queue_id > after_id, in queue order (limit 0: all). The
 * caller frees them with rg_queued_scans_free. */
int rg_queue_list(rg_queue *queue, int64_t after_id, size_t limit, rg_queued_scan **items,
                  size_t *count, rg_error *error);

/* Counts one more send for queued scans first_id..last_id. */
int rg_queue_mark_sent(rg_queue *queue, int64_t first_id, int64_t last_id, rg_error *error);

/* What an ack does to the queue. */
typedef struct rg_queue_ack {
  const char *client_scan_id;
  int result;          /* ScanResult */
  int original_result; /* for DUPLICATE */
  int reason;
  const char *message;
  const char *scan_id;
  const char *conflict_id;
} rg_queue_ack;

/* 1 when an ack with this outcome moves the scan to the attention table. */
int rg_queue_ack_needs_attention(const rg_queue_ack *ack);

/* Groups several rg_queue_apply_ack calls into one transaction (one fsync). */
int rg_queue_begin(rg_queue *queue, rg_error *error);
int rg_queue_commit(rg_queue *queue, rg_error *error);
void rg_queue_rollback(rg_queue *queue);

/* Removes the acknowledged scan from `pending`, first copying it to `attention` when the ack
 * needs a person. *found is 0 when no queued scan has that id (an ack for a scan another
 * process already delivered). */
int rg_queue_apply_ack(rg_queue *queue, const rg_queue_ack *ack, int *found, rg_error *error);

int rg_queue_attention(rg_queue *queue, rg_attention_item **items, size_t *count,
                       rg_error *error);
int rg_queue_dismiss(rg_queue *queue, int64_t id, rg_error *error);

/* A time-ordered (version 7) UUID in lower case: 36 characters and a NUL. Scan ids made later
 * sort later, so the server's deduplication index on (device_id, client_scan_id) grows at its
 * end instead of at a random place for every scan. */
int rg_uuid7(char out[37]);

#endif
