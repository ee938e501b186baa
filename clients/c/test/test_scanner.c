/* Unit tests without a server: gRPC framing and header values, the scan codec, the queue, and
 * the public API's local behaviour (validation, a refused connection, backoff within the
 * timeout).
 *
 *   test_scanner [TMPDIR]     (ctest passes build/test-tmp)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grpc_frame.h"
#include "internal.h"
#include "queue.h"
#include "rentguy/scanner.h"
#include "scan_codec.h"
#include "transport.h"

static int failures, checks;
static char tmpdir[512];

#define CHECK(cond)                                                                            \
  do {                                                                                         \
    checks++;                                                                                  \
    if (!(cond)) {                                                                             \
      failures++;                                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                \
    }                                                                                          \
  } while (0)
#define CHECK_STR(a, b)                                                                        \
  do {                                                                                         \
    checks++;                                                                                  \
    const char *a_ = (a), *b_ = (b);                                                           \
    if (a_ == NULL || strcmp(a_, b_) != 0) {                                                   \
      failures++;                                                                              \
      fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, a_ ? a_ : "(null)", b_); \
    }                                                                                          \
  } while (0)

static const char *path_in_tmp(const char *name) {
  static char path[1024];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  return path;
}

static void remove_db(const char *name) {
  char path[1100];
  const char *base = path_in_tmp(name);
  const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (int i = 0; i < 4; i++) {
    snprintf(path, sizeof path, "%s%s", base, suffixes[i]);
    unlink(path);
  }
}

/* ---- framing ------------------------------------------------------------------------------ */

typedef struct collected {
  size_t count;
  size_t lens[16];
  uint8_t first_bytes[16];
  int fail_at; /* sink fails on this message index (-1 never) */
} collected;

static int collect(void *ctx, const uint8_t *message, size_t len) {
  collected *c = ctx;
  if ((int)c->count == c->fail_at) return -1;
  if (c->count < 16) {
    c->lens[c->count] = len;
    c->first_bytes[c->count] = len ? message[0] : 0;
  }
  c->count++;
  return 0;
}

static void test_frames(void) {
  rg_buf wire = {0};
  static uint8_t big[100000];
  memset(big, 0xab, sizeof big);
  uint8_t one = 7;
  CHECK(rg_frame_append(&wire, NULL, 0) == 0);
  CHECK(rg_frame_append(&wire, &one, 1) == 0);
  CHECK(rg_frame_append(&wire, big, sizeof big) == 0);
  CHECK(rg_buf_size(&wire) == 15 + 1 + sizeof big);
  CHECK(wire.data[5] == 0 && wire.data[9] == 1 && wire.data[10] == 7);

  /* Whole, then every split point for the small frames, then byte by byte. */
  for (int mode = 0; mode < 3; mode++) {
    size_t limit = mode == 1 ? 11 : 1;
    for (size_t split = 0; split < limit; split++) {
      rg_frame_reader reader;
      collected c = {.fail_at = -1};
      rg_frame_reader_init(&reader, 1 << 20);
      const uint8_t *p = rg_buf_head(&wire);
      size_t n = rg_buf_size(&wire);
      int ok = 1;
      if (mode == 0) {
        ok = rg_frame_reader_feed(&reader, p, n, collect, &c) == RG_FRAME_OK;
      } else if (mode == 1) {
        ok = rg_frame_reader_feed(&reader, p, split, collect, &c) == RG_FRAME_OK &&
             rg_frame_reader_feed(&reader, p + split, n - split, collect, &c) == RG_FRAME_OK;
      } else {
        for (size_t i = 0; i < n && ok; i++)
          ok = rg_frame_reader_feed(&reader, p + i, 1, collect, &c) == RG_FRAME_OK;
      }
      CHECK(ok);
      CHECK(c.count == 3);
      CHECK(c.lens[0] == 0 && c.lens[1] == 1 && c.lens[2] == sizeof big);
      CHECK(c.first_bytes[1] == 7 && c.first_bytes[2] == 0xab);
      CHECK(rg_frame_reader_finish(&reader) == RG_FRAME_OK);
      rg_frame_reader_free(&reader);
    }
  }

  /* Limits and bad input. */
  rg_frame_reader reader;
  collected c = {.fail_at = -1};
  rg_frame_reader_init(&reader, 1000);
  CHECK(rg_frame_reader_feed(&reader, rg_buf_head(&wire), rg_buf_size(&wire), collect, &c) ==
        RG_FRAME_TOO_LARGE);
  CHECK(c.count == 2);
  CHECK(rg_frame_reader_feed(&reader, (const uint8_t *)"\0\0\0\0\0", 5, collect, &c) ==
        RG_FRAME_TOO_LARGE); /* sticky */
  rg_frame_reader_free(&reader);

  const uint8_t compressed[] = {1, 0, 0, 0, 1, 'x'};
  rg_frame_reader_init(&reader, 1000);
  CHECK(rg_frame_reader_feed(&reader, compressed, sizeof compressed, collect, &c) ==
        RG_FRAME_COMPRESSED);
  rg_frame_reader_free(&reader);

  const uint8_t flags[] = {2, 0, 0, 0, 0};
  rg_frame_reader_init(&reader, 1000);
  CHECK(rg_frame_reader_feed(&reader, flags, sizeof flags, collect, &c) == RG_FRAME_BAD_FLAGS);
  rg_frame_reader_free(&reader);

  const uint8_t partial[] = {0, 0, 0, 0, 4, 'a', 'b'};
  rg_frame_reader_init(&reader, 1000);
  CHECK(rg_frame_reader_feed(&reader, partial, sizeof partial, collect, &c) == RG_FRAME_OK);
  CHECK(rg_frame_reader_finish(&reader) == RG_FRAME_TRUNCATED);
  rg_frame_reader_free(&reader);
  rg_frame_reader_init(&reader, 1000);
  CHECK(rg_frame_reader_feed(&reader, partial, 3, collect, &c) == RG_FRAME_OK);
  CHECK(rg_frame_reader_finish(&reader) == RG_FRAME_TRUNCATED); /* inside the prefix */
  rg_frame_reader_free(&reader);

  collected failing = {.fail_at = 1};
  rg_frame_reader_init(&reader, 1 << 20);
  CHECK(rg_frame_reader_feed(&reader, rg_buf_head(&wire), rg_buf_size(&wire), collect,
                             &failing) == RG_FRAME_SINK_FAILED);
  rg_frame_reader_free(&reader);
  rg_buf_free(&wire);
}

static void test_header_values(void) {
  char out[64];
  CHECK(rg_percent_decode("hello%20world", 13, out, sizeof out) == 11);
  CHECK_STR(out, "hello world");
  rg_percent_decode("%E2%82%ac", 9, out, sizeof out);
  CHECK_STR(out, "\xe2\x82\xac");
  rg_percent_decode("100%", 4, out, sizeof out);
  CHECK_STR(out, "100%");
  rg_percent_decode("%zz%4", 5, out, sizeof out);
  CHECK_STR(out, "%zz%4");
  rg_percent_decode("a%2", 3, out, sizeof out);
  CHECK_STR(out, "a%2");
  rg_percent_decode("%00x", 4, out, sizeof out); /* NUL decodes (the string ends there) */
  CHECK(out[0] == '\0' && out[1] == 'x');
  CHECK(rg_percent_decode("abcdef", 6, out, 4) == 3);
  CHECK_STR(out, "abc");

  char t[16];
  rg_grpc_timeout_format(1, t);
  CHECK_STR(t, "1m");
  rg_grpc_timeout_format(0, t);
  CHECK_STR(t, "1m");
  rg_grpc_timeout_format(30000, t);
  CHECK_STR(t, "30000m");
  rg_grpc_timeout_format(99999999, t);
  CHECK_STR(t, "99999999m");
  rg_grpc_timeout_format(100000000, t);
  CHECK_STR(t, "100000S");
  rg_grpc_timeout_format(100000001, t);
  CHECK_STR(t, "100001S"); /* rounded up, never shorter */
  rg_grpc_timeout_format(INT64_MAX / 2, t);
  CHECK(strlen(t) <= 9 && t[strlen(t) - 1] == 'H');
  int64_t ns;
  CHECK(rg_grpc_timeout_parse("1S", 2, &ns) == 0 && ns == 1000000000LL);
  CHECK(rg_grpc_timeout_parse("250m", 4, &ns) == 0 && ns == 250000000LL);
  CHECK(rg_grpc_timeout_parse("7n", 2, &ns) == 0 && ns == 7);
  CHECK(rg_grpc_timeout_parse("99999999H", 9, &ns) == 0 && ns > 0);
  CHECK(rg_grpc_timeout_parse("S", 1, &ns) == -1);
  CHECK(rg_grpc_timeout_parse("1x", 2, &ns) == -1);
  CHECK(rg_grpc_timeout_parse("123456789S", 10, &ns) == -1);
  CHECK(rg_grpc_timeout_parse("-1S", 3, &ns) == -1);

  CHECK(rg_grpc_status_parse("0", 1) == 0);
  CHECK(rg_grpc_status_parse("12", 2) == 12);
  CHECK(rg_grpc_status_parse("16", 2) == 16);
  CHECK(rg_grpc_status_parse("17", 2) == RG_GRPC_UNKNOWN);
  CHECK(rg_grpc_status_parse("1a", 2) == -1);
  CHECK(rg_grpc_status_parse("", 0) == -1);

  CHECK(rg_grpc_status_from_http(401) == RG_GRPC_UNAUTHENTICATED);
  CHECK(rg_grpc_status_from_http(403) == RG_GRPC_PERMISSION_DENIED);
  CHECK(rg_grpc_status_from_http(404) == RG_GRPC_UNIMPLEMENTED);
  CHECK(rg_grpc_status_from_http(503) == RG_GRPC_UNAVAILABLE);
  CHECK(rg_grpc_status_from_http(400) == RG_GRPC_INTERNAL);
  CHECK(rg_grpc_status_from_http(418) == RG_GRPC_UNKNOWN);

  uint8_t bin[32];
  CHECK(rg_base64_decode("aGVsbG8=", 8, bin, sizeof bin) == 5 && memcmp(bin, "hello", 5) == 0);
  CHECK(rg_base64_decode("aGVsbG8", 7, bin, sizeof bin) == 5);
  CHECK(rg_base64_decode("aGVsbA", 6, bin, sizeof bin) == 4);
  CHECK(rg_base64_decode("", 0, bin, sizeof bin) == 0);
  CHECK(rg_base64_decode("a", 1, bin, sizeof bin) == -1);
  CHECK(rg_base64_decode("aG!s", 4, bin, sizeof bin) == -1);
  CHECK(rg_base64_decode("aGVsbG8=", 8, bin, 3) == -1);
}

/* A google.rpc.Status{code: 7, message: "nope", details: [Any{ErrorInfo{DEVICE_MISMATCH}}]}. */
static size_t status_bytes(uint8_t *out, const char *type_url) {
  uint8_t info[64], any[160];
  size_t n = 0, a = 0, s = 0;
  const char *reason = "DEVICE_MISMATCH", *domain = "rentguy";
  info[n++] = 0x0a, info[n++] = (uint8_t)strlen(reason);
  memcpy(info + n, reason, strlen(reason)), n += strlen(reason);
  info[n++] = 0x12, info[n++] = (uint8_t)strlen(domain);
  memcpy(info + n, domain, strlen(domain)), n += strlen(domain);
  any[a++] = 0x0a, any[a++] = (uint8_t)strlen(type_url);
  memcpy(any + a, type_url, strlen(type_url)), a += strlen(type_url);
  any[a++] = 0x12, any[a++] = (uint8_t)n;
  memcpy(any + a, info, n), a += n;
  out[s++] = 0x08, out[s++] = 7;
  out[s++] = 0x12, out[s++] = 4;
  memcpy(out + s, "nope", 4), s += 4;
  out[s++] = 0x1a, out[s++] = (uint8_t)a;
  memcpy(out + s, any, a), s += a;
  return s;
}

static void test_status_details(void) {
  uint8_t bytes[256];
  char message[64], reason[64], domain[64];
  size_t n = status_bytes(bytes, "type.googleapis.com/google.rpc.ErrorInfo");
  CHECK(rg_status_details_parse(bytes, n, message, sizeof message, reason, sizeof reason, domain,
                                sizeof domain) == 0);
  CHECK_STR(message, "nope");
  CHECK_STR(reason, "DEVICE_MISMATCH");
  CHECK_STR(domain, "rentguy");
  n = status_bytes(bytes, "type.googleapis.com/google.rpc.BadRequest");
  CHECK(rg_status_details_parse(bytes, n, message, sizeof message, reason, sizeof reason, domain,
                                sizeof domain) == 0);
  CHECK_STR(reason, "");
  CHECK(rg_status_details_parse(bytes, n - 1, message, sizeof message, reason, sizeof reason,
                                domain, sizeof domain) == -1);
  const uint8_t group[] = {0x0b};
  CHECK(rg_status_details_parse(group, 1, message, sizeof message, reason, sizeof reason, domain,
                                sizeof domain) == -1);
  CHECK(rg_status_details_parse(NULL, 0, message, sizeof message, reason, sizeof reason, domain,
                                sizeof domain) == 0);
}

static void test_codec(void) {
  rg_queued_scan scan = {0};
  scan.client_scan_id = "0b5c2a3e-1f43-4c8a-9d1e-5c1f0c3b2a10";
  scan.device_id = "scanner-7";
  scan.device_sequence = 42;
  scan.barcode = "A-0001";
  scan.action = RG_ACTION_CHECK_IN;
  scan.booking_id = "";
  scan.location_id = "loc_1";
  scan.quantity = 3;
  scan.condition = RG_CONDITION_DAMAGED;
  scan.note = "dented";
  scan.scanned_at.tv_sec = 1700000000;
  scan.scanned_at.tv_nsec = 123456789;
  rg_buf out = {0};
  CHECK(rg_scan_request_append(&out, &scan) == 0);
  size_t len = rg_buf_size(&out) - 5;
  CHECK(out.data[0] == 0 && ((size_t)out.data[3] << 8 | out.data[4]) == len);
  Rentguy__Warehouse__V1__ScanRequest *request =
      rentguy__warehouse__v1__scan_request__unpack(NULL, len, out.data + 5);
  CHECK(request != NULL);
  if (request) {
    CHECK_STR(request->client_scan_id, scan.client_scan_id);
    CHECK_STR(request->device_id, "scanner-7");
    CHECK(request->device_sequence == 42);
    CHECK_STR(request->barcode, "A-0001");
    CHECK(request->action == RENTGUY__WAREHOUSE__V1__SCAN_ACTION__SCAN_ACTION_CHECK_IN);
    CHECK_STR(request->location_id, "loc_1");
    CHECK(request->quantity == 3);
    CHECK(request->condition == RENTGUY__WAREHOUSE__V1__ITEM_CONDITION__ITEM_CONDITION_DAMAGED);
    CHECK_STR(request->note, "dented");
    CHECK(request->scanned_at && request->scanned_at->seconds == 1700000000 &&
          request->scanned_at->nanos == 123456789);
    rentguy__warehouse__v1__scan_request__free_unpacked(request, NULL);
  }
  rg_buf_free(&out);

  Rentguy__Warehouse__V1__ScanAck ack = RENTGUY__WAREHOUSE__V1__SCAN_ACK__INIT;
  ack.client_scan_id = "id-1";
  ack.result = RENTGUY__WAREHOUSE__V1__SCAN_RESULT__SCAN_RESULT_CONFLICT;
  ack.reason = RENTGUY__WAREHOUSE__V1__SCAN_REASON__SCAN_REASON_NOT_CHECKED_OUT;
  ack.message = "not out";
  ack.conflict_id = "cfl_1";
  ack.device_sequence = 9;
  uint8_t packed[256];
  size_t n = rentguy__warehouse__v1__scan_ack__pack(&ack, packed);
  rg_scan_ack_msg *decoded = rg_scan_ack_decode(packed, n);
  CHECK(decoded != NULL);
  if (decoded) {
    CHECK_STR(decoded->client_scan_id, "id-1");
    CHECK(decoded->result == 3 && decoded->reason == 7 && decoded->device_sequence == 9);
    CHECK_STR(decoded->conflict_id, "cfl_1");
  }
  rg_scan_ack_free(decoded);
  const uint8_t garbage[] = {0x0a, 0x10, 'x'};
  CHECK(rg_scan_ack_decode(garbage, sizeof garbage) == NULL);
  decoded = rg_scan_ack_decode(NULL, 0); /* an empty message is a valid (empty) ack */
  CHECK(decoded != NULL && decoded->client_scan_id[0] == '\0');
  rg_scan_ack_free(decoded);
}

static void test_names_and_parsing(void) {
  CHECK_STR(rg_result_name(RG_RESULT_ACCEPTED), "ACCEPTED");
  CHECK_STR(rg_result_name(RG_RESULT_DUPLICATE), "DUPLICATE");
  CHECK_STR(rg_result_name(99), "UNKNOWN");
  CHECK_STR(rg_reason_name(7), "NOT_CHECKED_OUT");
  CHECK_STR(rg_reason_name(0), "UNSPECIFIED");
  CHECK_STR(rg_action_name(RG_ACTION_CHECK_OUT), "CHECK_OUT");
  CHECK_STR(rg_grpc_status_name(12), "UNIMPLEMENTED");
  CHECK_STR(rg_code_name(RG_ERR_TIMEOUT), "TIMEOUT");
  CHECK(rg_action_parse("check-out") == RG_ACTION_CHECK_OUT);
  CHECK(rg_action_parse("CHECK_IN") == RG_ACTION_CHECK_IN);
  CHECK(rg_action_parse("prepare") == RG_ACTION_PREPARE);
  CHECK(rg_action_parse("audit") == RG_ACTION_AUDIT);
  CHECK(rg_action_parse("unspecified") == -1);
  CHECK(rg_action_parse("checkout") == -1);
  CHECK(rg_condition_parse("needs-check") == RG_CONDITION_NEEDS_CHECK);
  CHECK(rg_condition_parse("ok") == RG_CONDITION_OK);
  CHECK(rg_condition_parse("broken") == -1);

  char host[64], port[8];
  int tls;
  CHECK(rg_parse_server("127.0.0.1:50051", host, sizeof host, port, sizeof port, &tls) == 0);
  CHECK_STR(host, "127.0.0.1");
  CHECK_STR(port, "50051");
  CHECK(tls == 0);
  CHECK(rg_parse_server("https://rentguy.example", host, sizeof host, port, sizeof port, &tls) ==
        0);
  CHECK_STR(host, "rentguy.example");
  CHECK_STR(port, "443");
  CHECK(tls == 1);
  CHECK(rg_parse_server("https://[::1]:8443/", host, sizeof host, port, sizeof port, &tls) == 0);
  CHECK_STR(host, "::1");
  CHECK_STR(port, "8443");
  CHECK(rg_parse_server("http://localhost:80", host, sizeof host, port, sizeof port, &tls) == 0);
  CHECK(tls == 0);
  CHECK(rg_parse_server("localhost", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("::1:50051", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("https://", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("host:0", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("host:70000", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("host:12a", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("[::1", host, sizeof host, port, sizeof port, &tls) == -1);
  CHECK(rg_parse_server("https://user@host", host, sizeof host, port, sizeof port, &tls) == -1);
}

/* ---- the queue ---------------------------------------------------------------------------- */

static int is_uuid7(const char *s) {
  if (strlen(s) != 36) return 0;
  for (int i = 0; i < 36; i++) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return 0;
    } else if (!strchr("0123456789abcdef", s[i])) {
      return 0;
    }
  }
  return s[14] == '7' && strchr("89ab", s[19]) != NULL;
}

static void test_queue(void) {
  remove_db("queue.sqlite");
  const char *path = path_in_tmp("queue.sqlite");
  rg_error error;
  rg_queue *queue;
  CHECK(rg_queue_open(path, "scanner-7", &queue, &error) == RG_OK);
  if (queue == NULL) return;
  CHECK_STR(rg_queue_device_id(queue), "scanner-7");

  rg_scan scan = {0};
  scan.barcode = "A-1";
  scan.action = RG_ACTION_CHECK_OUT;
  scan.booking_id = "bkg_1";
  rg_enqueued ids[4];
  CHECK(rg_queue_enqueue(queue, &scan, &ids[0], &error) == RG_OK);
  scan.barcode = "A-2";
  scan.action = RG_ACTION_CHECK_IN;
  scan.booking_id = NULL;
  scan.condition = RG_CONDITION_NEEDS_CHECK;
  scan.note = "scratched";
  scan.location_id = "loc_9";
  CHECK(rg_queue_enqueue(queue, &scan, &ids[1], &error) == RG_OK);
  rg_scan bulk = {.barcode = "CABLE-XLR", .action = RG_ACTION_AUDIT, .quantity = 12,
                  .scanned_at = {1700000000, 5}};
  CHECK(rg_queue_enqueue(queue, &bulk, &ids[2], &error) == RG_OK);
  CHECK(ids[0].device_sequence == 1 && ids[1].device_sequence == 2 &&
        ids[2].device_sequence == 3);
  CHECK(is_uuid7(ids[0].client_scan_id) && is_uuid7(ids[1].client_scan_id));
  /* Time-ordered: the later scan's 48-bit time (the first 13 characters) is not earlier. */
  CHECK(strncmp(ids[0].client_scan_id, ids[1].client_scan_id, 13) <= 0);
  CHECK(strcmp(ids[0].client_scan_id, ids[1].client_scan_id) != 0);

  /* Validation: nothing is stored. */
  rg_scan bad = {0};
  bad.action = RG_ACTION_AUDIT;
  CHECK(rg_queue_enqueue(queue, &bad, NULL, &error) == RG_ERR_INVALID_ARGUMENT);
  CHECK(strstr(error.message, "barcode") != NULL);
  bad.barcode = "X";
  bad.action = RG_ACTION_UNSPECIFIED;
  CHECK(rg_queue_enqueue(queue, &bad, NULL, &error) == RG_ERR_INVALID_ARGUMENT);
  bad.action = RG_ACTION_PREPARE;
  CHECK(rg_queue_enqueue(queue, &bad, NULL, &error) == RG_ERR_INVALID_ARGUMENT);
  CHECK(strstr(error.message, "booking_id") != NULL);
  bad.action = RG_ACTION_AUDIT;
  bad.quantity = -1;
  CHECK(rg_queue_enqueue(queue, &bad, NULL, &error) == RG_ERR_INVALID_ARGUMENT);
  bad.quantity = 0;
  char long_note[1100];
  memset(long_note, 'n', sizeof long_note - 1);
  long_note[sizeof long_note - 1] = '\0';
  bad.note = long_note;
  CHECK(rg_queue_enqueue(queue, &bad, NULL, &error) == RG_ERR_INVALID_ARGUMENT);
  bad.note = NULL;
  bad.condition = (rg_condition)9;
  CHECK(rg_queue_enqueue(queue, &bad, NULL, &error) == RG_ERR_INVALID_ARGUMENT);

  size_t count = 0;
  CHECK(rg_queue_count(queue, &count, &error) == RG_OK && count == 3);
  rg_queued_scan *items;
  CHECK(rg_queue_list(queue, 0, 0, &items, &count, &error) == RG_OK && count == 3);
  if (count == 3) {
    CHECK_STR(items[0].client_scan_id, ids[0].client_scan_id);
    CHECK_STR(items[0].booking_id, "bkg_1");
    CHECK_STR(items[0].device_id, "scanner-7");
    CHECK(items[0].action == RG_ACTION_CHECK_OUT);
    CHECK(items[0].scanned_at.tv_sec > 1700000000);
    CHECK_STR(items[1].note, "scratched");
    CHECK_STR(items[1].location_id, "loc_9");
    CHECK_STR(items[1].booking_id, "");
    CHECK(items[1].condition == RG_CONDITION_NEEDS_CHECK);
    CHECK(items[2].quantity == 12 && items[2].scanned_at.tv_sec == 1700000000 &&
          items[2].scanned_at.tv_nsec == 5);
    CHECK(items[0].queue_id < items[1].queue_id && items[1].queue_id < items[2].queue_id);
    /* After a cursor, with a limit. */
    rg_queued_scan *after;
    size_t after_count;
    CHECK(rg_queue_list(queue, items[0].queue_id, 1, &after, &after_count, &error) == RG_OK);
    CHECK(after_count == 1 && after[0].queue_id == items[1].queue_id);
    rg_queued_scans_free(after, after_count);
    CHECK(rg_queue_mark_sent(queue, items[0].queue_id, items[1].queue_id, &error) == RG_OK);
  }
  rg_queued_scans_free(items, count);
  rg_queue_close(queue);

  /* Durable, bound to its device, WAL. */
  CHECK(rg_queue_open(path, "scanner-8", &queue, &error) == RG_ERR_QUEUE_DEVICE);
  CHECK(queue == NULL && strstr(error.message, "scanner-7") != NULL);
  CHECK(rg_queue_open(path, NULL, &queue, &error) == RG_OK);
  if (queue == NULL) return;
  CHECK_STR(rg_queue_device_id(queue), "scanner-7");
  CHECK(rg_queue_list(queue, 0, 0, &items, &count, &error) == RG_OK && count == 3);
  CHECK(count == 3 && items[0].attempts == 1 && items[1].attempts == 1 && items[2].attempts == 0);
  sqlite3 *db;
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  sqlite3_stmt *st;
  CHECK(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK);
  CHECK(sqlite3_step(st) == SQLITE_ROW);
  CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);

  /* Acks. */
  rg_queue_ack accepted = {items[0].client_scan_id, RG_RESULT_ACCEPTED, 0, 0, "", "scn_1", ""};
  rg_queue_ack conflict = {items[1].client_scan_id, RG_RESULT_CONFLICT, 0, 7,
                           "asset A-2 is not checked out", "scn_2", "cfl_2"};
  rg_queue_ack dup_rejected = {items[2].client_scan_id, RG_RESULT_DUPLICATE, RG_RESULT_REJECTED,
                               1, "unknown barcode", "scn_3", ""};
  rg_queue_ack unknown = {"no-such-scan", RG_RESULT_ACCEPTED, 0, 0, "", "", ""};
  int found;
  CHECK(rg_queue_begin(queue, &error) == RG_OK);
  CHECK(rg_queue_apply_ack(queue, &accepted, &found, &error) == RG_OK && found == 1);
  CHECK(rg_queue_apply_ack(queue, &conflict, &found, &error) == RG_OK && found == 1);
  CHECK(rg_queue_apply_ack(queue, &unknown, &found, &error) == RG_OK && found == 0);
  CHECK(rg_queue_commit(queue, &error) == RG_OK);
  CHECK(rg_queue_apply_ack(queue, &accepted, &found, &error) == RG_OK && found == 0); /* again */
  CHECK(rg_queue_apply_ack(queue, &dup_rejected, &found, &error) == RG_OK && found == 1);
  CHECK(rg_queue_count(queue, &count, &error) == RG_OK && count == 0);
  CHECK(rg_queue_ack_needs_attention(&accepted) == 0);
  rg_queue_ack dup_accepted = {"x", RG_RESULT_DUPLICATE, RG_RESULT_ACCEPTED, 0, "", "", ""};
  CHECK(rg_queue_ack_needs_attention(&dup_accepted) == 0);
  CHECK(rg_queue_ack_needs_attention(&dup_rejected) == 1);

  rg_attention_item *attention;
  size_t attention_count;
  CHECK(rg_queue_attention(queue, &attention, &attention_count, &error) == RG_OK);
  CHECK(attention_count == 2);
  if (attention_count == 2) {
    CHECK_STR(attention[0].scan.client_scan_id, items[1].client_scan_id);
    CHECK(attention[0].result == RG_RESULT_CONFLICT && attention[0].reason == 7);
    CHECK_STR(attention[0].conflict_id, "cfl_2");
    CHECK_STR(attention[0].message, "asset A-2 is not checked out");
    CHECK_STR(attention[0].scan.barcode, "A-2");
    CHECK_STR(attention[0].scan.note, "scratched");
    CHECK(attention[0].scan.device_sequence == 2);
    CHECK(attention[1].result == RG_RESULT_DUPLICATE &&
          attention[1].original_result == RG_RESULT_REJECTED);
    CHECK(attention[1].acked_at.tv_sec > 0);
    CHECK(rg_queue_dismiss(queue, attention[0].id, &error) == RG_OK);
  }
  rg_attention_free(attention, attention_count);
  rg_queued_scans_free(items, 3);
  CHECK(rg_queue_attention(queue, &attention, &attention_count, &error) == RG_OK &&
        attention_count == 1);
  rg_attention_free(attention, attention_count);
  CHECK(rg_queue_dismiss(queue, 0, &error) == RG_OK);
  CHECK(rg_queue_attention(queue, &attention, &attention_count, &error) == RG_OK &&
        attention_count == 0 && attention == NULL);

  /* Sequence numbers continue after deletes; ids are never reused. */
  rg_enqueued next;
  scan.barcode = "A-4";
  CHECK(rg_queue_enqueue(queue, &scan, &next, &error) == RG_OK && next.device_sequence == 4);
  CHECK(rg_queue_list(queue, 0, 0, &items, &count, &error) == RG_OK && count == 1);
  CHECK(count == 1 && items[0].queue_id == 4);
  rg_queued_scans_free(items, count);

  /* Two handles on one file: sequence numbers stay one series. */
  rg_queue *other;
  CHECK(rg_queue_open(path, "scanner-7", &other, &error) == RG_OK);
  if (other) {
    CHECK(rg_queue_enqueue(other, &scan, &next, &error) == RG_OK && next.device_sequence == 5);
    CHECK(rg_queue_enqueue(queue, &scan, &next, &error) == RG_OK && next.device_sequence == 6);
    rg_queue_close(other);
  }
  rg_queue_close(queue);

  /* A new queue without a device id cannot take scans. */
  remove_db("nodevice.sqlite");
  CHECK(rg_queue_open(path_in_tmp("nodevice.sqlite"), NULL, &queue, &error) == RG_OK);
  if (queue) {
    CHECK_STR(rg_queue_device_id(queue), "");
    CHECK(rg_queue_enqueue(queue, &scan, NULL, &error) == RG_ERR_INVALID_ARGUMENT);
    rg_queue_close(queue);
  }
  /* Not a database. */
  FILE *f = fopen(path_in_tmp("garbage.sqlite"), "w");
  if (f) {
    fputs("this is not an SQLite database, not even close; it is long enough to be read.....",
          f);
    fclose(f);
  }
  CHECK(rg_queue_open(path_in_tmp("garbage.sqlite"), "d", &queue, &error) == RG_ERR_QUEUE);
  CHECK(rg_queue_open("/nonexistent-dir/q.sqlite", "d", &queue, &error) == RG_ERR_QUEUE);
}

/* ---- the public API without a server -------------------------------------------------------- */

static int acks_seen;
static void on_ack(void *user, const rg_ack *ack) {
  (void)user, (void)ack;
  acks_seen++;
}

static void test_api(void) {
  remove_db("api.sqlite");
  rg_error error;
  rg_scanner_config config = {0};
  config.queue_path = path_in_tmp("api.sqlite");
  config.device_id = "scanner-1";
  config.server = "localhost";
  config.api_key = "rgk_x";
  CHECK(rg_scanner_open(&config, &error) == NULL && error.code == RG_ERR_INVALID_ARGUMENT);
  config.server = "127.0.0.1:1";
  config.api_key = NULL;
  CHECK(rg_scanner_open(&config, &error) == NULL && error.code == RG_ERR_INVALID_ARGUMENT);
  config.api_key = "rgk_x";
  config.ca_file = "/nonexistent.pem";
  CHECK(rg_scanner_open(&config, &error) == NULL && error.code == RG_ERR_INVALID_ARGUMENT);
  config.server = "https://127.0.0.1:1";
  CHECK(rg_scanner_open(&config, &error) == NULL && error.code == RG_ERR_TLS);
  config.ca_file = NULL;
  config.cert_file = "/nonexistent.pem";
  CHECK(rg_scanner_open(&config, &error) == NULL && error.code == RG_ERR_INVALID_ARGUMENT);
  config.cert_file = NULL;

  /* A port nobody listens on: connection refused, retried with backoff until the timeout. */
  config.server = "127.0.0.1:1";
  config.backoff_initial_ms = 50;
  config.backoff_max_ms = 100;
  config.on_ack = on_ack;
  rg_scanner *scanner = rg_scanner_open(&config, &error);
  CHECK(scanner != NULL);
  if (scanner == NULL) return;
  CHECK_STR(rg_scanner_device_id(scanner), "scanner-1");
  rg_sync_report report;
  CHECK(rg_scanner_sync(scanner, 100, &report, &error) == RG_OK); /* nothing to send */
  CHECK(report.connects == 0 && report.failures == 0 && report.pending == 0);
  rg_scan scan = {.barcode = "A-1", .action = RG_ACTION_AUDIT};
  CHECK(rg_scanner_enqueue(scanner, &scan, NULL, &error) == RG_OK);
  CHECK(rg_scanner_enqueue(scanner, &scan, NULL, &error) == RG_OK);
  int64_t started = rg_now_ms();
  CHECK(rg_scanner_sync(scanner, 600, &report, &error) == RG_ERR_TIMEOUT);
  int64_t took = rg_now_ms() - started;
  CHECK(took >= 550 && took < 2000);
  CHECK(error.code == RG_ERR_TIMEOUT && error.cause == RG_ERR_CONNECT);
  CHECK(strstr(error.message, "refused") != NULL);
  CHECK(report.pending == 2 && report.sent == 0 && report.connects == 0);
  CHECK(report.failures >= 3); /* 50, 80, 100, 100 ms ... */
  size_t pending;
  CHECK(rg_scanner_pending(scanner, &pending, &error) == RG_OK && pending == 2);
  rg_queued_scan *items;
  size_t count;
  CHECK(rg_scanner_pending_list(scanner, &items, &count, &error) == RG_OK && count == 2);
  rg_queued_scans_free(items, count);
  CHECK(acks_seen == 0);

  /* The wake descriptor interrupts the backoff wait. */
  int fds[2];
  CHECK(pipe(fds) == 0);
  CHECK(write(fds[1], "x", 1) == 1);
  rg_scanner_set_wake_fd(scanner, fds[0]);
  started = rg_now_ms();
  int rc = rg_scanner_sync(scanner, 5000, &report, &error);
  CHECK(rc == RG_ERR_INTERRUPTED);
  CHECK(rg_now_ms() - started < 1000);
  rg_scanner_set_wake_fd(scanner, -1);
  close(fds[0]);
  close(fds[1]);
  rg_scanner_close(scanner);

  /* Queue-only use: no server; sync says so. */
  rg_scanner_config local = {0};
  local.queue_path = path_in_tmp("api.sqlite");
  scanner = rg_scanner_open(&local, &error);
  CHECK(scanner != NULL);
  if (scanner) {
    CHECK_STR(rg_scanner_device_id(scanner), "scanner-1");
    CHECK(rg_scanner_sync(scanner, 10, &report, &error) == RG_ERR_INVALID_ARGUMENT);
    CHECK(report.pending == 2);
    rg_attention_item *attention;
    CHECK(rg_scanner_attention(scanner, &attention, &count, &error) == RG_OK && count == 0);
    rg_scanner_close(scanner);
  }
  rg_scanner_close(NULL);
}

/* A TCP port that completes connections (the kernel's backlog) but never reads or answers. */
static int black_hole(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
    return -1;
  *port = ntohs(addr.sin_port);
  return fd;
}

static void test_unresponsive_server(void) {
  int port;
  int fd = black_hole(&port);
  CHECK(fd >= 0);
  if (fd < 0) return;
  char server[64];
  rg_error error;
  rg_sync_report report;
  /* h2c: the stream is open, the scan sent, nothing comes back: keepalive PING after 200 ms,
   * the connection dropped after 400 ms, the scan resent on a new one. */
  remove_db("blackhole.sqlite");
  snprintf(server, sizeof server, "127.0.0.1:%d", port);
  rg_scanner_config config = {0};
  config.queue_path = path_in_tmp("blackhole.sqlite");
  config.device_id = "scanner-1";
  config.server = server;
  config.api_key = "rgk_x";
  config.keepalive_ms = 200;
  config.backoff_initial_ms = 50;
  config.connect_timeout_ms = 300;
  rg_scanner *scanner = rg_scanner_open(&config, &error);
  CHECK(scanner != NULL);
  if (scanner) {
    rg_scan scan = {.barcode = "A-1", .action = RG_ACTION_AUDIT};
    CHECK(rg_scanner_enqueue(scanner, &scan, NULL, &error) == RG_OK);
    CHECK(rg_scanner_sync(scanner, 1500, &report, &error) == RG_ERR_TIMEOUT);
    CHECK(error.cause == RG_ERR_UNAVAILABLE && strstr(error.message, "no response") != NULL);
    CHECK(report.connects >= 2 && report.sent >= 2 && report.pending == 1);
    rg_scanner_close(scanner);
  }
  /* TLS: the handshake never completes; each attempt ends at connect_timeout_ms. */
  snprintf(server, sizeof server, "https://127.0.0.1:%d", port);
  config.ca_file = NULL;
  scanner = rg_scanner_open(&config, &error);
  CHECK(scanner != NULL);
  if (scanner) {
    int64_t started = rg_now_ms();
    CHECK(rg_scanner_sync(scanner, 1000, &report, &error) == RG_ERR_TIMEOUT);
    CHECK(rg_now_ms() - started < 1500);
    CHECK(error.cause == RG_ERR_TLS && strstr(error.message, "did not complete") != NULL);
    CHECK(report.connects == 0 && report.failures >= 2);
    rg_scanner_close(scanner);
  }
  close(fd);
}

int main(int argc, char **argv) {
  snprintf(tmpdir, sizeof tmpdir, "%s", argc > 1 ? argv[1] : "/tmp/rentguy-scanner-test");
  if (mkdir(tmpdir, 0700) != 0 && errno != EEXIST) {
    perror(tmpdir);
    return 2;
  }
  test_frames();
  test_header_values();
  test_status_details();
  test_codec();
  test_names_and_parsing();
  test_queue();
  test_api();
  test_unresponsive_server();
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
