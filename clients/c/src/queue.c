/* The local scan queue in SQLite (see queue.h). */
#include "queue.h"

#include <openssl/rand.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCHEMA_VERSION 1
#define MAX_FIELD 1024
#define MAX_DEVICE_ID 128

/* Columns of a scan, in the order read_scan expects them. */
#define SCAN_COLUMNS                                                                           \
  "id, client_scan_id, device_id, device_sequence, scanned_at_s, scanned_at_ns, barcode, "     \
  "action, booking_id, location_id, quantity, condition, note, attempts"

static const char SCHEMA[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE pending ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT," /* AUTOINCREMENT: ids never reused, queue order */
    "  client_scan_id TEXT NOT NULL UNIQUE,"
    "  device_id TEXT NOT NULL,"
    "  device_sequence INTEGER NOT NULL,"
    "  scanned_at_s INTEGER NOT NULL,"
    "  scanned_at_ns INTEGER NOT NULL,"
    "  barcode TEXT NOT NULL,"
    "  action INTEGER NOT NULL,"
    "  booking_id TEXT NOT NULL,"
    "  location_id TEXT NOT NULL,"
    "  quantity INTEGER NOT NULL,"
    "  condition INTEGER NOT NULL,"
    "  note TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  enqueued_at_s INTEGER NOT NULL);"
    "CREATE TABLE attention ("
    "  attention_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id INTEGER NOT NULL," /* the pending row it came from */
    "  client_scan_id TEXT NOT NULL,"
    "  device_id TEXT NOT NULL,"
    "  device_sequence INTEGER NOT NULL,"
    "  scanned_at_s INTEGER NOT NULL,"
    "  scanned_at_ns INTEGER NOT NULL,"
    "  barcode TEXT NOT NULL,"
    "  action INTEGER NOT NULL,"
    "  booking_id TEXT NOT NULL,"
    "  location_id TEXT NOT NULL,"
    "  quantity INTEGER NOT NULL,"
    "  condition INTEGER NOT NULL,"
    "  note TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL,"
    "  result INTEGER NOT NULL,"
    "  original_result INTEGER NOT NULL,"
    "  reason INTEGER NOT NULL,"
    "  message TEXT NOT NULL,"
    "  scan_id TEXT NOT NULL,"
    "  conflict_id TEXT NOT NULL,"
    "  acked_at_s INTEGER NOT NULL,"
    "  acked_at_ns INTEGER NOT NULL);"
    "INSERT INTO meta (key, value) VALUES ('last_sequence', '0');";

enum {
  ST_BEGIN_IMMEDIATE, ST_COMMIT, ST_ROLLBACK, ST_LAST_SEQUENCE, ST_SET_SEQUENCE, ST_INSERT,
  ST_COUNT, ST_LIST, ST_MARK_SENT, ST_TO_ATTENTION, ST_DELETE, ST_ATTENTION, ST_DISMISS,
  ST_DISMISS_ALL, ST__COUNT
};

static const char *const STATEMENTS[ST__COUNT] = {
    [ST_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_LAST_SEQUENCE] = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_sequence'",
    [ST_SET_SEQUENCE] = "UPDATE meta SET value = CAST(?1 AS TEXT) WHERE key = 'last_sequence'",
    [ST_INSERT] = "INSERT INTO pending (client_scan_id, device_id, device_sequence, scanned_at_s,"
                  " scanned_at_ns, barcode, action, booking_id, location_id, quantity, condition,"
                  " note, enqueued_at_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                  " ?13)",
    [ST_COUNT] = "SELECT count(*) FROM pending",
    [ST_LIST] = "SELECT " SCAN_COLUMNS " FROM pending WHERE id > ?1 ORDER BY id LIMIT ?2",
    [ST_MARK_SENT] = "UPDATE pending SET attempts = attempts + 1 WHERE id BETWEEN ?1 AND ?2",
    [ST_TO_ATTENTION] =
        "INSERT INTO attention (" SCAN_COLUMNS ", result, original_result, reason, message,"
        " scan_id, conflict_id, acked_at_s, acked_at_ns) SELECT " SCAN_COLUMNS
        ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM pending WHERE client_scan_id = ?1",
    [ST_DELETE] = "DELETE FROM pending WHERE client_scan_id = ?1",
    [ST_ATTENTION] = "SELECT " SCAN_COLUMNS ", attention_id, result, original_result, reason,"
                     " message, scan_id, conflict_id, acked_at_s, acked_at_ns FROM attention"
                     " ORDER BY attention_id",
    [ST_DISMISS] = "DELETE FROM attention WHERE attention_id = ?1",
    [ST_DISMISS_ALL] = "DELETE FROM attention",
};

struct rg_queue {
  sqlite3 *db;
  sqlite3_stmt *st[ST__COUNT];
  char device_id[MAX_DEVICE_ID + 1];
  int in_transaction;
};

static int db_error(rg_queue *queue, rg_error *error, const char *what) {
  return rg_set_error(error, RG_ERR_QUEUE, "queue: %s: %s", what,
                      queue->db ? sqlite3_errmsg(queue->db) : "no database");
}

/* Runs a statement without results to completion and resets it. */
static int step_done(rg_queue *queue, int which, rg_error *error, const char *what) {
  sqlite3_stmt *st = queue->st[which];
  int rc = sqlite3_step(st);
  int ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
  if (!ok) db_error(queue, error, what);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return ok ? RG_OK : RG_ERR_QUEUE;
}

static int exec(rg_queue *queue, const char *sql, rg_error *error) {
  char *message = NULL;
  if (sqlite3_exec(queue->db, sql, NULL, NULL, &message) != SQLITE_OK) {
    rg_set_error(error, RG_ERR_QUEUE, "queue: %s", message ? message : sqlite3_errmsg(queue->db));
    sqlite3_free(message);
    return RG_ERR_QUEUE;
  }
  return RG_OK;
}

static int pragma_int(rg_queue *queue, const char *sql, int64_t *value) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(queue->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *value = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

/* Reads meta.device_id into queue->device_id ("" when absent). */
static int load_device(rg_queue *queue, rg_error *error) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(queue->db, "SELECT value FROM meta WHERE key = 'device_id'", -1, &st,
                         NULL) != SQLITE_OK)
    return db_error(queue, error, "read device id");
  queue->device_id[0] = '\0';
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char *value = sqlite3_column_text(st, 0);
    snprintf(queue->device_id, sizeof queue->device_id, "%s", value ? (const char *)value : "");
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? RG_OK : db_error(queue, error, "read device id");
}

static int bind_device(rg_queue *queue, const char *device_id, rg_error *error) {
  if (load_device(queue, error) != RG_OK) return RG_ERR_QUEUE;
  if (device_id == NULL || device_id[0] == '\0') return RG_OK;
  if (strlen(device_id) > MAX_DEVICE_ID)
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "device id: more than %d characters",
                        MAX_DEVICE_ID);
  if (queue->device_id[0] != '\0') {
    if (strcmp(queue->device_id, device_id) == 0) return RG_OK;
    return rg_set_error(error, RG_ERR_QUEUE_DEVICE,
                        "queue: belongs to device \"%s\", not \"%s\"", queue->device_id,
                        device_id);
  }
  /* Bind it; a concurrent opener may have bound it first: INSERT OR IGNORE, then re-read. */
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(queue->db,
                         "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?1)", -1,
                         &st, NULL) != SQLITE_OK)
    return db_error(queue, error, "bind device id");
  sqlite3_bind_text(st, 1, device_id, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return db_error(queue, error, "bind device id");
  return bind_device(queue, device_id, error);
}

static int migrate(rg_queue *queue, rg_error *error) {
  int64_t version = 0;
  if (exec(queue, "BEGIN IMMEDIATE", error) != RG_OK) return RG_ERR_QUEUE;
  if (pragma_int(queue, "PRAGMA user_version", &version) != 0) {
    exec(queue, "ROLLBACK", NULL);
    return db_error(queue, error, "read schema version");
  }
  if (version > SCHEMA_VERSION) {
    exec(queue, "ROLLBACK", NULL);
    return rg_set_error(error, RG_ERR_QUEUE,
                        "queue: schema version %lld is newer than this library's (%d)",
                        (long long)version, SCHEMA_VERSION);
  }
  if (version == 0) {
    if (exec(queue, SCHEMA, error) != RG_OK || exec(queue, "PRAGMA user_version = 1", error)) {
      exec(queue, "ROLLBACK", NULL);
      return RG_ERR_QUEUE;
    }
  }
  return exec(queue, "COMMIT", error);
}

int rg_queue_open(const char *path, const char *device_id, rg_queue **out, rg_error *error) {
  *out = NULL;
  if (path == NULL || path[0] == '\0')
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "queue path: required");
  rg_queue *queue = calloc(1, sizeof *queue);
  if (queue == NULL) return rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
  int rc = sqlite3_open_v2(path, &queue->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    rg_set_error(error, RG_ERR_QUEUE, "queue: open %s: %s", path,
                 queue->db ? sqlite3_errmsg(queue->db) : sqlite3_errstr(rc));
    rg_queue_close(queue);
    return RG_ERR_QUEUE;
  }
  sqlite3_busy_timeout(queue->db, 10000); /* other processes sharing the queue */
  sqlite3_extended_result_codes(queue->db, 1);
  int64_t wal = 0;
  /* journal_mode returns the mode as text; check it took. synchronous=FULL: a commit is on
   * disk (WAL fsynced) before it returns, so an enqueued scan survives power loss. */
  sqlite3_stmt *st;
  int code = RG_OK;
  if (sqlite3_prepare_v2(queue->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char *mode = sqlite3_column_text(st, 0);
      wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
    }
    sqlite3_finalize(st);
  }
  if (!wal) code = db_error(queue, error, "cannot use WAL journal mode");
  if (code == RG_OK) code = exec(queue, "PRAGMA synchronous = FULL", error);
  if (code == RG_OK) code = migrate(queue, error);
  for (int i = 0; code == RG_OK && i < ST__COUNT; i++) {
    if (sqlite3_prepare_v3(queue->db, STATEMENTS[i], -1, SQLITE_PREPARE_PERSISTENT, &queue->st[i],
                           NULL) != SQLITE_OK)
      code = db_error(queue, error, "prepare");
  }
  if (code == RG_OK) code = bind_device(queue, device_id, error);
  if (code != RG_OK) {
    rg_queue_close(queue);
    return code;
  }
  *out = queue;
  return RG_OK;
}

void rg_queue_close(rg_queue *queue) {
  if (queue == NULL) return;
  for (int i = 0; i < ST__COUNT; i++) sqlite3_finalize(queue->st[i]);
  sqlite3_close(queue->db);
  free(queue);
}

const char *rg_queue_device_id(const rg_queue *queue) { return queue->device_id; }

int rg_uuid7(char out[37]) {
  uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) return -1;
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) != 0) return -1;
  uint64_t ms = (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
  for (int i = 0; i < 6; i++) b[i] = (uint8_t)(ms >> (40 - 8 * i)); /* 48-bit Unix time in ms */
  b[6] = (uint8_t)((b[6] & 0x0f) | 0x70);                           /* version 7 */
  b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);                           /* RFC 9562 variant */
  static const char hex[] = "0123456789abcdef";
  int n = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[n++] = '-';
    out[n++] = hex[b[i] >> 4];
    out[n++] = hex[b[i] & 15];
  }
  out[n] = '\0';
  return 0;
}

static int check_field(const char *name, const char *value, int required, rg_error *error) {
  if (required && (value == NULL || value[0] == '\0'))
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: %s is required", name);
  if (value != NULL && strlen(value) > MAX_FIELD)
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: %s is longer than %d bytes", name,
                        MAX_FIELD);
  return RG_OK;
}

static int validate(const rg_queue *queue, const rg_scan *scan, rg_error *error) {
  if (queue->device_id[0] == '\0')
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT,
                        "device id: required (the queue is not bound to a device yet)");
  if (scan == NULL) return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: NULL");
  int needs_booking = scan->action == RG_ACTION_CHECK_OUT || scan->action == RG_ACTION_PREPARE;
  if (scan->action < RG_ACTION_CHECK_OUT || scan->action > RG_ACTION_PREPARE)
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: action is required");
  if (scan->condition < RG_CONDITION_UNSPECIFIED || scan->condition > RG_CONDITION_DAMAGED)
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: unknown condition %d",
                        (int)scan->condition);
  if (scan->quantity < 0)
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: quantity must not be negative");
  if (scan->scanned_at.tv_sec < 0 || scan->scanned_at.tv_nsec < 0 ||
      scan->scanned_at.tv_nsec > 999999999)
    return rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "scan: scanned_at is not a valid time");
  int code = check_field("barcode", scan->barcode, 1, error);
  if (code == RG_OK) code = check_field("booking_id", scan->booking_id, needs_booking, error);
  if (code == RG_OK) code = check_field("location_id", scan->location_id, 0, error);
  if (code == RG_OK) code = check_field("note", scan->note, 0, error);
  return code;
}

int rg_queue_begin(rg_queue *queue, rg_error *error) {
  if (step_done(queue, ST_BEGIN_IMMEDIATE, error, "begin") != RG_OK) return RG_ERR_QUEUE;
  queue->in_transaction = 1;
  return RG_OK;
}

int rg_queue_commit(rg_queue *queue, rg_error *error) {
  int code = step_done(queue, ST_COMMIT, error, "commit");
  if (code != RG_OK) rg_queue_rollback(queue);
  queue->in_transaction = 0;
  return code;
}

void rg_queue_rollback(rg_queue *queue) {
  if (!sqlite3_get_autocommit(queue->db)) step_done(queue, ST_ROLLBACK, NULL, "rollback");
  queue->in_transaction = 0;
}

int rg_queue_enqueue(rg_queue *queue, const rg_scan *scan, rg_enqueued *out, rg_error *error) {
  int code = validate(queue, scan, error);
  if (code != RG_OK) return code;
  char id[37];
  if (rg_uuid7(id) != 0)
    return rg_set_error(error, RG_ERR_QUEUE, "queue: no random bytes for a scan id");
  struct timespec at = scan->scanned_at;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  if (at.tv_sec == 0 && at.tv_nsec == 0) at = now;

  if (rg_queue_begin(queue, error) != RG_OK) return RG_ERR_QUEUE;
  sqlite3_stmt *st = queue->st[ST_LAST_SEQUENCE];
  int64_t sequence = -1;
  if (sqlite3_step(st) == SQLITE_ROW) sequence = sqlite3_column_int64(st, 0) + 1;
  sqlite3_reset(st);
  if (sequence < 1) {
    db_error(queue, error, "read device sequence");
    rg_queue_rollback(queue);
    return RG_ERR_QUEUE;
  }
  sqlite3_bind_int64(queue->st[ST_SET_SEQUENCE], 1, sequence);
  code = step_done(queue, ST_SET_SEQUENCE, error, "store device sequence");
  if (code == RG_OK) {
    st = queue->st[ST_INSERT];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, queue->device_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, sequence);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)at.tv_sec);
    sqlite3_bind_int64(st, 5, at.tv_nsec);
    sqlite3_bind_text(st, 6, scan->barcode, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 7, (int)scan->action);
    sqlite3_bind_text(st, 8, scan->booking_id ? scan->booking_id : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, scan->location_id ? scan->location_id : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 10, scan->quantity);
    sqlite3_bind_int(st, 11, (int)scan->condition);
    sqlite3_bind_text(st, 12, scan->note ? scan->note : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)now.tv_sec);
    code = step_done(queue, ST_INSERT, error, "store scan");
  }
  if (code == RG_OK) code = rg_queue_commit(queue, error);
  else rg_queue_rollback(queue);
  if (code == RG_OK && out != NULL) {
    memcpy(out->client_scan_id, id, sizeof id);
    out->device_sequence = sequence;
  }
  return code;
}

int rg_queue_count(rg_queue *queue, size_t *count, rg_error *error) {
  sqlite3_stmt *st = queue->st[ST_COUNT];
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *count = (size_t)sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? RG_OK : db_error(queue, error, "count");
}

static char *column_text(sqlite3_stmt *st, int column) {
  const unsigned char *text = sqlite3_column_text(st, column);
  return rg_strdup0((const char *)text);
}

/* Reads SCAN_COLUMNS starting at column 0. -1 when out of memory. */
static int read_scan(sqlite3_stmt *st, rg_queued_scan *scan) {
  memset(scan, 0, sizeof *scan);
  scan->queue_id = sqlite3_column_int64(st, 0);
  scan->client_scan_id = column_text(st, 1);
  scan->device_id = column_text(st, 2);
  scan->device_sequence = sqlite3_column_int64(st, 3);
  scan->scanned_at.tv_sec = (time_t)sqlite3_column_int64(st, 4);
  scan->scanned_at.tv_nsec = (long)sqlite3_column_int64(st, 5);
  scan->barcode = column_text(st, 6);
  scan->action = (rg_action)sqlite3_column_int(st, 7);
  scan->booking_id = column_text(st, 8);
  scan->location_id = column_text(st, 9);
  scan->quantity = sqlite3_column_int(st, 10);
  scan->condition = (rg_condition)sqlite3_column_int(st, 11);
  scan->note = column_text(st, 12);
  scan->attempts = sqlite3_column_int(st, 13);
  return scan->client_scan_id && scan->device_id && scan->barcode && scan->booking_id &&
                 scan->location_id && scan->note
             ? 0
             : -1;
}

static void free_scan(rg_queued_scan *scan) {
  free(scan->client_scan_id);
  free(scan->device_id);
  free(scan->barcode);
  free(scan->booking_id);
  free(scan->location_id);
  free(scan->note);
}

void rg_queued_scans_free(rg_queued_scan *items, size_t count) {
  for (size_t i = 0; i < count; i++) free_scan(&items[i]);
  free(items);
}

/* Grows *items by one zeroed element; NULL when out of memory. */
static void *grow(void **items, size_t *count, size_t *cap, size_t size) {
  if (*count == *cap) {
    size_t cap2 = *cap ? *cap * 2 : 16;
    void *more = realloc(*items, cap2 * size);
    if (more == NULL) return NULL;
    *items = more;
    *cap = cap2;
  }
  void *item = (char *)*items + (*count)++ * size;
  memset(item, 0, size);
  return item;
}

int rg_queue_list(rg_queue *queue, int64_t after_id, size_t limit, rg_queued_scan **items,
                  size_t *count, rg_error *error) {
  *items = NULL;
  *count = 0;
  size_t cap = 0;
  sqlite3_stmt *st = queue->st[ST_LIST];
  sqlite3_bind_int64(st, 1, after_id);
  sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : -1);
  int rc, code = RG_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rg_queued_scan *scan = grow((void **)items, count, &cap, sizeof **items);
    if (scan == NULL || read_scan(st, scan) != 0) {
      code = rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
      break;
    }
  }
  if (code == RG_OK && rc != SQLITE_DONE) code = db_error(queue, error, "list");
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (code != RG_OK) {
    rg_queued_scans_free(*items, *count);
    *items = NULL;
    *count = 0;
  }
  return code;
}

int rg_queue_mark_sent(rg_queue *queue, int64_t first_id, int64_t last_id, rg_error *error) {
  sqlite3_bind_int64(queue->st[ST_MARK_SENT], 1, first_id);
  sqlite3_bind_int64(queue->st[ST_MARK_SENT], 2, last_id);
  return step_done(queue, ST_MARK_SENT, error, "count sends");
}

int rg_queue_ack_needs_attention(const rg_queue_ack *ack) {
  int result = ack->result == RG_RESULT_DUPLICATE ? ack->original_result : ack->result;
  return result == RG_RESULT_CONFLICT || result == RG_RESULT_REJECTED;
}

int rg_queue_apply_ack(rg_queue *queue, const rg_queue_ack *ack, int *found, rg_error *error) {
  *found = 0;
  if (rg_queue_ack_needs_attention(ack)) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    sqlite3_stmt *st = queue->st[ST_TO_ATTENTION];
    sqlite3_bind_text(st, 1, ack->client_scan_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, ack->result);
    sqlite3_bind_int(st, 3, ack->original_result);
    sqlite3_bind_int(st, 4, ack->reason);
    sqlite3_bind_text(st, 5, ack->message ? ack->message : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, ack->scan_id ? ack->scan_id : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, ack->conflict_id ? ack->conflict_id : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)now.tv_sec);
    sqlite3_bind_int64(st, 9, now.tv_nsec);
    if (step_done(queue, ST_TO_ATTENTION, error, "store attention item") != RG_OK)
      return RG_ERR_QUEUE;
  }
  sqlite3_bind_text(queue->st[ST_DELETE], 1, ack->client_scan_id, -1, SQLITE_TRANSIENT);
  if (step_done(queue, ST_DELETE, error, "remove acknowledged scan") != RG_OK) return RG_ERR_QUEUE;
  *found = sqlite3_changes(queue->db) > 0;
  return RG_OK;
}

int rg_queue_attention(rg_queue *queue, rg_attention_item **items, size_t *count,
                       rg_error *error) {
  *items = NULL;
  *count = 0;
  size_t cap = 0;
  sqlite3_stmt *st = queue->st[ST_ATTENTION];
  int rc, code = RG_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rg_attention_item *item = grow((void **)items, count, &cap, sizeof **items);
    if (item == NULL || read_scan(st, &item->scan) != 0) {
      code = rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
      break;
    }
    item->id = sqlite3_column_int64(st, 14);
    item->result = (rg_result)sqlite3_column_int(st, 15);
    item->original_result = (rg_result)sqlite3_column_int(st, 16);
    item->reason = sqlite3_column_int(st, 17);
    item->message = column_text(st, 18);
    item->scan_id = column_text(st, 19);
    item->conflict_id = column_text(st, 20);
    item->acked_at.tv_sec = (time_t)sqlite3_column_int64(st, 21);
    item->acked_at.tv_nsec = (long)sqlite3_column_int64(st, 22);
    if (!item->message || !item->scan_id || !item->conflict_id) {
      code = rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
      break;
    }
  }
  if (code == RG_OK && rc != SQLITE_DONE) code = db_error(queue, error, "list attention");
  sqlite3_reset(st);
  if (code != RG_OK) {
    rg_attention_free(*items, *count);
    *items = NULL;
    *count = 0;
  }
  return code;
}

void rg_attention_free(rg_attention_item *items, size_t count) {
  for (size_t i = 0; i < count; i++) {
    free_scan(&items[i].scan);
    free(items[i].message);
    free(items[i].scan_id);
    free(items[i].conflict_id);
  }
  free(items);
}

int rg_queue_dismiss(rg_queue *queue, int64_t id, rg_error *error) {
  if (id == 0) return step_done(queue, ST_DISMISS_ALL, error, "dismiss");
  sqlite3_bind_int64(queue->st[ST_DISMISS], 1, id);
  return step_done(queue, ST_DISMISS, error, "dismiss");
}
