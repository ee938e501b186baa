/* rentguy-scan: records barcode scans in the local queue and delivers them to RentGuy.
 *
 *   rentguy-scan --server HOST:PORT|https://HOST[:PORT] --key rgk_... --device ID --queue PATH
 *                --action check-out|check-in|prepare|audit [--booking ID] [--location ID]
 *                [--condition ok|needs-check|damaged] [--quantity N] [--note TEXT]
 *                [--ca FILE] [--cert FILE --cert-key FILE] [--server-name NAME]
 *                [--timeout SECONDS] [--keepalive SECONDS] [BARCODE...]
 *   rentguy-scan --queue PATH --status
 *   rentguy-scan --queue PATH --dismiss ID|all
 *
 * Without BARCODE arguments, barcodes are read from standard input, one per line (a USB scanner
 * in keyboard mode types them). Every scan is stored in the queue first, then delivered: after
 * each line read and at the end, until the queue is empty or --timeout seconds passed.
 * Prints one line per ack: <client_scan_id> <RESULT> <reason> <message>, then
 * "sent N, accepted A, duplicate D, conflict C, rejected R, pending P".
 * Exit status: 0 the queue is empty; 3 scans remain queued (server unreachable or refusing);
 * 2 usage error; 1 a local failure (queue database, TLS files, a scan that could not be stored).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rentguy/scanner.h"

#define EXIT_EMPTY 0
#define EXIT_FAILURE_LOCAL 1
#define EXIT_USAGE 2
#define EXIT_PENDING 3

typedef struct options {
  const char *server, *key, *device, *queue, *ca, *cert, *cert_key, *server_name;
  const char *booking, *location, *note, *dismiss;
  int action, condition, quantity, status;
  double timeout_s, keepalive_s;
  char **barcodes;
  int barcode_count;
} options;

static void usage(FILE *out) {
  fputs(
      "usage: rentguy-scan --server HOST:PORT|https://HOST[:PORT] --key rgk_... --device ID\n"
      "                    --queue PATH --action check-out|check-in|prepare|audit\n"
      "                    [--booking ID] [--location ID] [--condition ok|needs-check|damaged]\n"
      "                    [--quantity N] [--note TEXT] [--ca FILE] [--cert FILE --cert-key FILE]\n"
      "                    [--server-name NAME] [--timeout SECONDS] [--keepalive SECONDS]\n"
      "                    [BARCODE...]\n"
      "       rentguy-scan --queue PATH --status\n"
      "       rentguy-scan --queue PATH --dismiss ID|all\n"
      "Without BARCODE arguments, barcodes are read from standard input, one per line.\n"
      "The API key may also be given in the environment as RENTGUY_API_KEY.\n"
      "Exit status: 0 queue empty, 3 scans still queued, 2 usage error, 1 local failure.\n",
      out);
}

static int usage_error(const char *format, const char *arg) {
  fprintf(stderr, "rentguy-scan: ");
  fprintf(stderr, format, arg);
  fprintf(stderr, "\n");
  usage(stderr);
  return EXIT_USAGE;
}

/* Parses argv into `o`. Returns -1 when parsed, or an exit status. */
static int parse_args(int argc, char **argv, options *o) {
  memset(o, 0, sizeof *o);
  o->action = -1;
  o->timeout_s = 30;
  o->barcodes = calloc((size_t)argc, sizeof *o->barcodes);
  if (o->barcodes == NULL) return EXIT_FAILURE_LOCAL;
  static const struct {
    const char *name;
    size_t offset;
  } strings[] = {
      {"--server", offsetof(options, server)},     {"--key", offsetof(options, key)},
      {"--device", offsetof(options, device)},     {"--queue", offsetof(options, queue)},
      {"--ca", offsetof(options, ca)},             {"--cert", offsetof(options, cert)},
      {"--cert-key", offsetof(options, cert_key)}, {"--server-name", offsetof(options, server_name)},
      {"--booking", offsetof(options, booking)},   {"--location", offsetof(options, location)},
      {"--note", offsetof(options, note)},         {"--dismiss", offsetof(options, dismiss)},
  };
  int only_barcodes = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_barcodes || arg[0] != '-' || strcmp(arg, "-") == 0) {
      o->barcodes[o->barcode_count++] = argv[i];
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_barcodes = 1;
      continue;
    }
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      usage(stdout);
      return EXIT_EMPTY;
    }
    if (strcmp(arg, "--version") == 0) {
      printf("rentguy-scan %s\n", RG_SCANNER_VERSION);
      return EXIT_EMPTY;
    }
    if (strcmp(arg, "--status") == 0) {
      o->status = 1;
      continue;
    }
    int matched = 0;
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
      if (strcmp(arg, strings[k].name) != 0) continue;
      if (i + 1 >= argc) return usage_error("%s needs a value", arg);
      *(const char **)((char *)o + strings[k].offset) = argv[++i];
      matched = 1;
    }
    if (matched) continue;
    if (i + 1 >= argc) return usage_error("unknown option or missing value: %s", arg);
    const char *value = argv[++i];
    char *end;
    if (strcmp(arg, "--action") == 0) {
      if ((o->action = rg_action_parse(value)) < 0)
        return usage_error("--action: check-out, check-in, prepare or audit, not %s", value);
    } else if (strcmp(arg, "--condition") == 0) {
      if ((o->condition = rg_condition_parse(value)) < 0)
        return usage_error("--condition: ok, needs-check or damaged, not %s", value);
    } else if (strcmp(arg, "--quantity") == 0) {
      long q = strtol(value, &end, 10);
      if (*end || q < 1 || q > 1000000) return usage_error("--quantity: a number >= 1, not %s", value);
      o->quantity = (int)q;
    } else if (strcmp(arg, "--keepalive") == 0) {
      o->keepalive_s = strtod(value, &end);
      if (*end || !(o->keepalive_s >= 0.01 && o->keepalive_s <= 3600))
        return usage_error("--keepalive: seconds (0.01 to 3600), not %s", value);
    } else if (strcmp(arg, "--timeout") == 0) {
      o->timeout_s = strtod(value, &end);
      if (*end || !(o->timeout_s >= 0 && o->timeout_s <= 86400))
        return usage_error("--timeout: seconds (0 to 86400), not %s", value);
    } else {
      return usage_error("unknown option: %s", arg);
    }
  }
  if (o->queue == NULL) return usage_error("%s", "--queue is required");
  if (o->status || o->dismiss) return -1;
  if (o->key == NULL) o->key = getenv("RENTGUY_API_KEY");
  if (o->server == NULL) return usage_error("%s", "--server is required");
  if (o->key == NULL || o->key[0] == '\0')
    return usage_error("%s", "--key (or RENTGUY_API_KEY) is required");
  if (o->device == NULL) return usage_error("%s", "--device is required");
  if (o->action < 0) return usage_error("%s", "--action is required");
  if ((o->action == RG_ACTION_CHECK_OUT || o->action == RG_ACTION_PREPARE) && o->booking == NULL)
    return usage_error("--booking is required for --action %s",
                       o->action == RG_ACTION_CHECK_OUT ? "check-out" : "prepare");
  if ((o->cert == NULL) != (o->cert_key == NULL))
    return usage_error("%s", "--cert and --cert-key go together");
  return -1;
}

/* Replaces control characters so one ack stays one line. */
static void print_field(const char *s) {
  for (; *s; s++) putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void on_ack(void *user, const rg_ack *ack) {
  (void)user;
  printf("%s %s %s", ack->client_scan_id, rg_result_name(ack->result),
         ack->reason ? rg_reason_name(ack->reason) : "-");
  if (ack->message[0]) {
    putchar(' ');
    print_field(ack->message);
  }
  putchar('\n');
  fflush(stdout);
}

static void format_time(struct timespec t, char *out, size_t cap) {
  struct tm tm;
  time_t seconds = t.tv_sec;
  gmtime_r(&seconds, &tm);
  strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int show_status(rg_scanner *scanner) {
  rg_error error;
  rg_queued_scan *pending;
  rg_attention_item *attention;
  size_t pending_count, attention_count;
  if (rg_scanner_pending_list(scanner, &pending, &pending_count, &error) != RG_OK ||
      rg_scanner_attention(scanner, &attention, &attention_count, &error) != RG_OK) {
    fprintf(stderr, "rentguy-scan: %s\n", error.message);
    return EXIT_FAILURE_LOCAL;
  }
  char when[32];
  const char *device = rg_scanner_device_id(scanner);
  printf("device %s\n", device[0] ? device : "-");
  printf("pending %zu\n", pending_count);
  for (size_t i = 0; i < pending_count; i++) {
    rg_queued_scan *s = &pending[i];
    format_time(s->scanned_at, when, sizeof when);
    printf("  %s #%lld %s %s %s%s%s sent %d times\n", s->client_scan_id,
           (long long)s->device_sequence, when, rg_action_name(s->action), s->barcode,
           s->booking_id[0] ? " booking " : "", s->booking_id, s->attempts);
  }
  printf("attention %zu\n", attention_count);
  for (size_t i = 0; i < attention_count; i++) {
    rg_attention_item *a = &attention[i];
    format_time(a->scan.scanned_at, when, sizeof when);
    printf("  [%lld] %s #%lld %s %s %s %s %s", (long long)a->id, a->scan.client_scan_id,
           (long long)a->scan.device_sequence, when, rg_action_name(a->scan.action),
           a->scan.barcode, rg_result_name(a->result), a->reason ? rg_reason_name(a->reason) : "-");
    if (a->conflict_id[0]) printf(" %s", a->conflict_id);
    if (a->message[0]) {
      printf(": ");
      print_field(a->message);
    }
    putchar('\n');
  }
  rg_queued_scans_free(pending, pending_count);
  rg_attention_free(attention, attention_count);
  return pending_count ? EXIT_PENDING : EXIT_EMPTY;
}

typedef struct totals {
  size_t sent, accepted, duplicate, conflict, rejected;
} totals;

static void add(totals *t, const rg_sync_report *r) {
  t->sent += r->sent;
  t->accepted += r->accepted;
  t->duplicate += r->duplicate;
  t->conflict += r->conflict;
  t->rejected += r->rejected;
}

/* Stores one barcode. 0, or -1 when it could not be stored (reported). */
static int enqueue(rg_scanner *scanner, const options *o, const char *barcode) {
  rg_scan scan = {0};
  scan.barcode = barcode;
  scan.action = (rg_action)o->action;
  scan.booking_id = o->booking;
  scan.location_id = o->location;
  scan.quantity = o->quantity;
  scan.condition = (rg_condition)o->condition;
  scan.note = o->note;
  rg_error error;
  if (rg_scanner_enqueue(scanner, &scan, NULL, &error) != RG_OK) {
    fprintf(stderr, "rentguy-scan: %s: not stored: %s\n", barcode, error.message);
    return -1;
  }
  return 0;
}

typedef struct syncer {
  rg_scanner *scanner;
  int timeout_ms;
  int refused; /* the server refused the key or device: stop trying in this run */
  int failed;  /* a local failure */
  totals totals;
  size_t pending;
  rg_error last;
} syncer;

/* One rg_scanner_sync; returns its code. */
static int sync_once(syncer *s) {
  if (s->refused || s->failed) return RG_ERR_REFUSED;
  rg_sync_report report;
  rg_error error;
  int code = rg_scanner_sync(s->scanner, s->timeout_ms, &report, &error);
  add(&s->totals, &report);
  s->pending = report.pending;
  if (code != RG_OK && code != RG_ERR_INTERRUPTED) s->last = error;
  if (code == RG_ERR_REFUSED) {
    fprintf(stderr, "rentguy-scan: the server refused the scans: %s\n", error.message);
    s->refused = 1;
  } else if (code == RG_ERR_QUEUE || code == RG_ERR_NO_MEMORY || code == RG_ERR_INVALID_ARGUMENT) {
    fprintf(stderr, "rentguy-scan: %s\n", error.message);
    s->failed = 1;
  }
  return code;
}

/* Reads lines from stdin as they come, enqueueing each and syncing in between. */
static int scan_stdin(rg_scanner *scanner, const options *o, syncer *s) {
  char buf[4096];
  size_t have = 0;
  int lost = 0, eof = 0;
  while (!eof) {
    ssize_t n = read(STDIN_FILENO, buf + have, sizeof buf - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fprintf(stderr, "rentguy-scan: stdin: %s\n", strerror(errno));
      break;
    }
    if (n == 0) eof = 1;
    have += (size_t)n;
    int stored = 0;
    size_t start = 0;
    for (size_t i = 0; i < have; i++) {
      if (buf[i] != '\n' && !(eof && i + 1 == have)) continue;
      size_t end = buf[i] == '\n' ? i : i + 1;
      size_t from = start;
      start = i + 1;
      while (from < end && (buf[from] == ' ' || buf[from] == '\t')) from++;
      while (end > from && (buf[end - 1] == '\r' || buf[end - 1] == ' ' || buf[end - 1] == '\t'))
        end--;
      if (end == from) continue;
      char line[sizeof buf + 1];
      memcpy(line, buf + from, end - from);
      line[end - from] = '\0';
      if (enqueue(scanner, o, line) != 0) lost = 1;
      else stored = 1;
    }
    memmove(buf, buf + start, have - start);
    have -= start;
    if (have == sizeof buf) { /* a line longer than the buffer: not a barcode */
      fprintf(stderr, "rentguy-scan: a line over %zu bytes was skipped\n", sizeof buf);
      have = 0;
    }
    if (stored && !eof) sync_once(s); /* returns early when the next line arrives */
  }
  rg_scanner_set_wake_fd(scanner, -1); /* at EOF stdin stays readable */
  return lost;
}

int main(int argc, char **argv) {
  options o;
  int parsed = parse_args(argc, argv, &o);
  if (parsed >= 0) {
    free(o.barcodes);
    return parsed;
  }
  rg_scanner_config config = {0};
  config.queue_path = o.queue;
  config.device_id = o.device;
  int local_only = o.status || o.dismiss;
  if (!local_only) {
    config.server = o.server;
    config.api_key = o.key;
    config.ca_file = o.ca;
    config.cert_file = o.cert;
    config.key_file = o.cert_key;
    config.server_name = o.server_name;
    config.on_ack = on_ack;
    config.keepalive_ms = (int)(o.keepalive_s * 1000);
  }
  rg_error error;
  rg_scanner *scanner = rg_scanner_open(&config, &error);
  if (scanner == NULL) {
    fprintf(stderr, "rentguy-scan: %s\n", error.message);
    free(o.barcodes);
    return error.code == RG_ERR_INVALID_ARGUMENT || error.code == RG_ERR_QUEUE_DEVICE
               ? EXIT_USAGE
               : EXIT_FAILURE_LOCAL;
  }
  int status;
  if (o.dismiss) {
    char *end;
    long long id = strcmp(o.dismiss, "all") == 0 ? 0 : strtoll(o.dismiss, &end, 10);
    if (id == 0 && strcmp(o.dismiss, "all") != 0) {
      status = usage_error("--dismiss: an attention id or \"all\", not %s", o.dismiss);
    } else if (rg_scanner_dismiss(scanner, id, &error) != RG_OK) {
      fprintf(stderr, "rentguy-scan: %s\n", error.message);
      status = EXIT_FAILURE_LOCAL;
    } else {
      status = show_status(scanner);
    }
  } else if (o.status) {
    status = show_status(scanner);
  } else {
    syncer s = {.scanner = scanner, .timeout_ms = (int)(o.timeout_s * 1000)};
    if (s.timeout_ms < 1) s.timeout_ms = 1;
    int lost = 0;
    if (o.barcode_count > 0) {
      for (int i = 0; i < o.barcode_count; i++)
        if (enqueue(scanner, &o, o.barcodes[i]) != 0) lost = 1;
    } else {
      rg_scanner_set_wake_fd(scanner, STDIN_FILENO);
      lost = scan_stdin(scanner, &o, &s);
    }
    int code = sync_once(&s);
    if (code == RG_ERR_TIMEOUT)
      fprintf(stderr, "rentguy-scan: gave up after %gs: %s\n", o.timeout_s, s.last.message);
    if (s.refused || s.failed || code == RG_ERR_REFUSED) {
      if (rg_scanner_pending(scanner, &s.pending, NULL) != RG_OK) s.failed = 1;
    }
    printf("sent %zu, accepted %zu, duplicate %zu, conflict %zu, rejected %zu, pending %zu\n",
           s.totals.sent, s.totals.accepted, s.totals.duplicate, s.totals.conflict,
           s.totals.rejected, s.pending);
    status = s.failed || lost ? EXIT_FAILURE_LOCAL : s.pending ? EXIT_PENDING : EXIT_EMPTY;
  }
  rg_scanner_close(scanner);
  free(o.barcodes);
  return status;
}
