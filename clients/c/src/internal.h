/* Internal helpers shared by the library's files: byte buffers, errors, clocks. */
#ifndef RG_INTERNAL_H
#define RG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "rentguy/scanner.h"

/* A growable byte buffer. `off` bytes at the front were consumed (rg_buf_consume). */
typedef struct rg_buf {
  uint8_t *data;
  size_t len; /* bytes stored, counting from data[0] */
  size_t off; /* bytes already consumed */
  size_t cap;
} rg_buf;

int rg_buf_reserve(rg_buf *buf, size_t extra);
int rg_buf_append(rg_buf *buf, const void *data, size_t len);
/* Bytes not yet consumed. */
static inline size_t rg_buf_size(const rg_buf *buf) { return buf->len - buf->off; }
static inline const uint8_t *rg_buf_head(const rg_buf *buf) { return buf->data + buf->off; }
void rg_buf_consume(rg_buf *buf, size_t len);
void rg_buf_clear(rg_buf *buf);
void rg_buf_free(rg_buf *buf);

/* Fills `error` (when not NULL): code, cause = code, grpc_status = -1, no reason, and the
 * formatted message. Returns `code`. */
int rg_set_error(rg_error *error, rg_code code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with a gRPC status and ErrorInfo reason. */
int rg_set_rpc_error(rg_error *error, rg_code code, int grpc_status, const char *reason,
                     const char *format, ...) __attribute__((format(printf, 5, 6)));
void rg_clear_error(rg_error *error);

/* Monotonic milliseconds. */
int64_t rg_now_ms(void);

/* strdup that maps NULL to "". NULL only when out of memory. */
char *rg_strdup0(const char *s);

/* Case-insensitive comparison of ASCII names with '-' equal to '_'. */
int rg_name_equal(const char *a, const char *b);

#endif
