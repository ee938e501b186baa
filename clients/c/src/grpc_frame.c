/* gRPC message framing and header values (see grpc_frame.h). */
#include "grpc_frame.h"

#include <stdlib.h>
#include <string.h>

int rg_frame_append(rg_buf *out, const uint8_t *message, size_t len) {
  if (len > UINT32_MAX) return -1;
  uint8_t header[RG_FRAME_HEADER_SIZE] = {0, (uint8_t)(len >> 24), (uint8_t)(len >> 16),
                                          (uint8_t)(len >> 8), (uint8_t)len};
  if (rg_buf_reserve(out, sizeof header + len) != 0) return -1;
  rg_buf_append(out, header, sizeof header);
  rg_buf_append(out, message, len);
  return 0;
}

void rg_frame_reader_init(rg_frame_reader *reader, size_t max_message) {
  memset(reader, 0, sizeof *reader);
  reader->max_message = max_message;
}

void rg_frame_reader_free(rg_frame_reader *reader) {
  free(reader->message);
  reader->message = NULL;
}

/* Validates a complete 5-byte header and sets message_len. */
static rg_frame_result read_header(rg_frame_reader *reader) {
  uint8_t flags = reader->header[0];
  if (flags & 0x01) return RG_FRAME_COMPRESSED;
  if (flags != 0) return RG_FRAME_BAD_FLAGS;
  uint32_t len = ((uint32_t)reader->header[1] << 24) | ((uint32_t)reader->header[2] << 16) |
                 ((uint32_t)reader->header[3] << 8) | reader->header[4];
  if (len > reader->max_message) return RG_FRAME_TOO_LARGE;
  reader->message_len = len;
  reader->message_have = 0;
  return RG_FRAME_OK;
}

static rg_frame_result fail(rg_frame_reader *reader, rg_frame_result result) {
  reader->failed = (int)result;
  free(reader->message);
  reader->message = NULL;
  return result;
}

rg_frame_result rg_frame_reader_feed(rg_frame_reader *reader, const uint8_t *data, size_t len,
                                     rg_frame_sink sink, void *ctx) {
  if (reader->failed) return (rg_frame_result)reader->failed;
  while (len > 0) {
    if (reader->header_have < RG_FRAME_HEADER_SIZE) {
      size_t take = RG_FRAME_HEADER_SIZE - reader->header_have;
      if (take > len) take = len;
      memcpy(reader->header + reader->header_have, data, take);
      reader->header_have += take;
      data += take;
      len -= take;
      if (reader->header_have < RG_FRAME_HEADER_SIZE) break;
      rg_frame_result result = read_header(reader);
      if (result != RG_FRAME_OK) return fail(reader, result);
      if (reader->message_len <= len) { /* whole message in this piece: no copy */
        if (sink(ctx, data, reader->message_len) != 0) return fail(reader, RG_FRAME_SINK_FAILED);
        data += reader->message_len;
        len -= reader->message_len;
        reader->header_have = 0;
        continue;
      }
      reader->message = malloc(reader->message_len);
      if (reader->message == NULL) return fail(reader, RG_FRAME_NO_MEMORY);
    }
    size_t take = reader->message_len - reader->message_have;
    if (take > len) take = len;
    memcpy(reader->message + reader->message_have, data, take);
    reader->message_have += take;
    data += take;
    len -= take;
    if (reader->message_have == reader->message_len) {
      int sunk = sink(ctx, reader->message, reader->message_len);
      free(reader->message);
      reader->message = NULL;
      reader->header_have = 0;
      if (sunk != 0) return fail(reader, RG_FRAME_SINK_FAILED);
    }
  }
  return RG_FRAME_OK;
}

rg_frame_result rg_frame_reader_finish(const rg_frame_reader *reader) {
  if (reader->failed) return (rg_frame_result)reader->failed;
  return reader->header_have == 0 ? RG_FRAME_OK : RG_FRAME_TRUNCATED;
}

const char *rg_frame_result_text(rg_frame_result result) {
  switch (result) {
    case RG_FRAME_OK: return "ok";
    case RG_FRAME_TOO_LARGE: return "message larger than the limit";
    case RG_FRAME_COMPRESSED: return "compressed message, but no encoding was offered";
    case RG_FRAME_BAD_FLAGS: return "reserved message flags set";
    case RG_FRAME_TRUNCATED: return "stream ended inside a message";
    case RG_FRAME_NO_MEMORY: return "out of memory";
    case RG_FRAME_SINK_FAILED: return "message not accepted";
  }
  return "unknown";
}

int rg_grpc_status_parse(const char *value, size_t len) {
  if (len == 0 || len > 9) return -1;
  long status = 0;
  for (size_t i = 0; i < len; i++) {
    if (value[i] < '0' || value[i] > '9') return -1;
    status = status * 10 + (value[i] - '0');
  }
  return status <= 16 ? (int)status : RG_GRPC_UNKNOWN;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t rg_percent_decode(const char *in, size_t len, char *out, size_t out_cap) {
  size_t n = 0;
  if (out_cap == 0) return 0;
  for (size_t i = 0; i < len && n + 1 < out_cap; i++) {
    if (in[i] == '%' && i + 2 < len) {
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (char)(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out[n++] = in[i];
  }
  out[n] = '\0';
  return n;
}

void rg_grpc_timeout_format(int64_t ms, char out[16]) {
  static const struct { char unit; int64_t per; } units[] = {
      {'m', 1}, {'S', 1000}, {'M', 60000}, {'H', 3600000}};
  if (ms < 1) ms = 1;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    int64_t value = (ms + units[i].per - 1) / units[i].per; /* round up: never shorter */
    if (value <= 99999999) {
      int len = 0;
      char digits[12];
      do { digits[len++] = (char)('0' + value % 10); value /= 10; } while (value > 0);
      for (int j = 0; j < len; j++) out[j] = digits[len - 1 - j];
      out[len] = units[i].unit;
      out[len + 1] = '\0';
      return;
    }
  }
  strcpy(out, "99999999H");
}

int rg_grpc_timeout_parse(const char *value, size_t len, int64_t *nanos) {
  if (len < 2 || len > 9) return -1;
  int64_t number = 0;
  for (size_t i = 0; i + 1 < len; i++) {
    if (value[i] < '0' || value[i] > '9') return -1;
    number = number * 10 + (value[i] - '0');
  }
  int64_t per;
  switch (value[len - 1]) {
    case 'H': per = 3600LL * 1000000000LL; break;
    case 'M': per = 60LL * 1000000000LL; break;
    case 'S': per = 1000000000LL; break;
    case 'm': per = 1000000LL; break;
    case 'u': per = 1000LL; break;
    case 'n': per = 1LL; break;
    default: return -1;
  }
  *nanos = number > INT64_MAX / per ? INT64_MAX : number * per;
  return 0;
}

int rg_grpc_status_from_http(int http_status) {
  switch (http_status) {
    case 400: return RG_GRPC_INTERNAL;
    case 401: return RG_GRPC_UNAUTHENTICATED;
    case 403: return RG_GRPC_PERMISSION_DENIED;
    case 404: return RG_GRPC_UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return RG_GRPC_UNAVAILABLE;
    default: return RG_GRPC_UNKNOWN;
  }
}

static int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

long rg_base64_decode(const char *in, size_t len, uint8_t *out, size_t out_cap) {
  while (len > 0 && in[len - 1] == '=') len--; /* padding is optional */
  if (len % 4 == 1) return -1;
  size_t n = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    int v = base64_value(in[i]);
    if (v < 0) return -1;
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n >= out_cap) return -1;
      out[n++] = (uint8_t)(acc >> bits);
    }
  }
  return (long)n;
}

/* A minimal protobuf wire reader: enough for google.rpc.Status / Any / ErrorInfo. */
typedef struct pb_reader {
  const uint8_t *p, *end;
} pb_reader;

static int pb_varint(pb_reader *r, uint64_t *value) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end) return -1;
    uint8_t byte = *r->p++;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *value = v;
      return 0;
    }
  }
  return -1;
}

/* Reads one field: its number, wire type, and for length-delimited fields the bytes. */
static int pb_field(pb_reader *r, uint32_t *number, const uint8_t **bytes, size_t *len) {
  uint64_t key, value;
  if (pb_varint(r, &key) != 0) return -1;
  *number = (uint32_t)(key >> 3);
  *bytes = NULL;
  *len = 0;
  if (*number == 0) return -1;
  switch (key & 7) {
    case 0: return pb_varint(r, &value);
    case 1: if (r->end - r->p < 8) return -1; r->p += 8; return 0;
    case 5: if (r->end - r->p < 4) return -1; r->p += 4; return 0;
    case 2:
      if (pb_varint(r, &value) != 0 || value > (uint64_t)(r->end - r->p)) return -1;
      *bytes = r->p;
      *len = (size_t)value;
      r->p += value;
      return 0;
    default: return -1; /* groups are not used by these messages */
  }
}

static void copy_string(char *out, size_t cap, const uint8_t *bytes, size_t len) {
  if (cap == 0) return;
  if (len >= cap) len = cap - 1;
  if (len > 0) memcpy(out, bytes, len);
  out[len] = '\0';
}

static const char ERROR_INFO_URL[] = "type.googleapis.com/google.rpc.ErrorInfo";

int rg_status_details_parse(const uint8_t *data, size_t len, char *message, size_t message_cap,
                            char *reason, size_t reason_cap, char *domain, size_t domain_cap) {
  if (message_cap) message[0] = '\0';
  if (reason_cap) reason[0] = '\0';
  if (domain_cap) domain[0] = '\0';
  int found = 0;
  pb_reader status = {data, data + len};
  while (status.p < status.end) {
    uint32_t number;
    const uint8_t *bytes;
    size_t n;
    if (pb_field(&status, &number, &bytes, &n) != 0) return -1;
    if (number == 2 && bytes) copy_string(message, message_cap, bytes, n);
    if (number != 3 || bytes == NULL) continue;
    /* details: google.protobuf.Any { type_url = 1; value = 2; } */
    pb_reader any = {bytes, bytes + n};
    const uint8_t *url = NULL, *value = NULL;
    size_t url_len = 0, value_len = 0;
    while (any.p < any.end) {
      const uint8_t *b;
      size_t bl;
      if (pb_field(&any, &number, &b, &bl) != 0) return -1;
      if (number == 1 && b) { url = b; url_len = bl; }
      if (number == 2 && b) { value = b; value_len = bl; }
    }
    if (found || url == NULL || url_len != sizeof ERROR_INFO_URL - 1 ||
        memcmp(url, ERROR_INFO_URL, url_len) != 0)
      continue;
    /* google.rpc.ErrorInfo { reason = 1; domain = 2; map<string,string> metadata = 3; } */
    pb_reader info = {value, value ? value + value_len : NULL};
    while (info.p < info.end) {
      const uint8_t *b;
      size_t bl;
      if (pb_field(&info, &number, &b, &bl) != 0) return -1;
      if (number == 1 && b) copy_string(reason, reason_cap, b, bl);
      if (number == 2 && b) copy_string(domain, domain_cap, b, bl);
    }
    found = 1;
  }
  return 0;
}
