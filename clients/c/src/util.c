/* Byte buffers, errors, clocks. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

int rg_buf_reserve(rg_buf *buf, size_t extra) {
  if (buf->cap - buf->len >= extra) return 0;
  if (buf->off > 0 && buf->off >= buf->len / 2) { /* compact before growing */
    memmove(buf->data, buf->data + buf->off, buf->len - buf->off);
    buf->len -= buf->off;
    buf->off = 0;
    if (buf->cap - buf->len >= extra) return 0;
  }
  if (extra > SIZE_MAX / 2 - buf->len) return -1;
  size_t cap = buf->cap ? buf->cap : 256;
  while (cap - buf->len < extra) cap *= 2;
  uint8_t *data = realloc(buf->data, cap);
  if (data == NULL) return -1;
  buf->data = data;
  buf->cap = cap;
  return 0;
}

int rg_buf_append(rg_buf *buf, const void *data, size_t len) {
  if (len == 0) return 0;
  if (rg_buf_reserve(buf, len) != 0) return -1;
  memcpy(buf->data + buf->len, data, len);
  buf->len += len;
  return 0;
}

void rg_buf_consume(rg_buf *buf, size_t len) {
  buf->off += len;
  if (buf->off >= buf->len) buf->off = buf->len = 0;
}

void rg_buf_clear(rg_buf *buf) { buf->off = buf->len = 0; }

void rg_buf_free(rg_buf *buf) {
  free(buf->data);
  buf->data = NULL;
  buf->len = buf->off = buf->cap = 0;
}

static void set_fields(rg_error *error, rg_code code, int grpc_status, const char *reason,
                       const char *format, va_list args) {
  error->code = code;
  error->cause = code;
  error->grpc_status = grpc_status;
  snprintf(error->reason, sizeof error->reason, "%s", reason ? reason : "");
  vsnprintf(error->message, sizeof error->message, format, args);
}

int rg_set_error(rg_error *error, rg_code code, const char *format, ...) {
  if (error != NULL) {
    va_list args;
    va_start(args, format);
    set_fields(error, code, -1, NULL, format, args);
    va_end(args);
  }
  return code;
}

int rg_set_rpc_error(rg_error *error, rg_code code, int grpc_status, const char *reason,
                     const char *format, ...) {
  if (error != NULL) {
    va_list args;
    va_start(args, format);
    set_fields(error, code, grpc_status, reason, format, args);
    va_end(args);
  }
  return code;
}

void rg_clear_error(rg_error *error) {
  if (error == NULL) return;
  memset(error, 0, sizeof *error);
  error->grpc_status = -1;
}

int64_t rg_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *rg_strdup0(const char *s) { return strdup(s ? s : ""); }

int rg_name_equal(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = *a == '-' ? '_' : tolower((unsigned char)*a);
    int cb = *b == '-' ? '_' : tolower((unsigned char)*b);
    if (ca != cb) return 0;
    if (ca == 0) return 1;
  }
}
