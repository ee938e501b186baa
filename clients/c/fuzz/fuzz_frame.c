/* libFuzzer: the gRPC frame reader. The same bytes fed whole and in pieces (sizes taken from the
 * input) must give the same messages and the same outcome; messages never exceed the limit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_frame.h"

#define LIMIT 4096

typedef struct record {
  uint8_t hash[64]; /* per message: length and a checksum, as a sequence */
  size_t count;
  uint64_t sum;
} record;

static int on_message(void *ctx, const uint8_t *message, size_t len) {
  record *r = ctx;
  if (len > LIMIT) abort();
  uint64_t h = 1469598103934665603ULL ^ len;
  for (size_t i = 0; i < len; i++) h = (h ^ message[i]) * 1099511628211ULL;
  r->sum = r->sum * 31 + h;
  r->hash[r->count % sizeof r->hash] ^= (uint8_t)h;
  r->count++;
  return 0;
}

static rg_frame_result run(const uint8_t *data, size_t size, const uint8_t *pieces,
                           size_t n_pieces, record *r) {
  rg_frame_reader reader;
  rg_frame_reader_init(&reader, LIMIT);
  rg_frame_result result = RG_FRAME_OK;
  size_t off = 0, k = 0;
  while (off < size && result == RG_FRAME_OK) {
    size_t n = n_pieces ? (size_t)pieces[k++ % n_pieces] : size;
    if (n > size - off) n = size - off;
    result = rg_frame_reader_feed(&reader, data + off, n, on_message, r);
    off += n;
  }
  if (result == RG_FRAME_OK) result = rg_frame_reader_finish(&reader);
  rg_frame_reader_free(&reader);
  return result;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t n_pieces = data[0] % 8; /* the next n_pieces bytes are piece sizes (0 = empty feed) */
  if (size < 1 + n_pieces) return 0;
  const uint8_t *pieces = data + 1;
  data += 1 + n_pieces;
  size -= 1 + n_pieces;
  int has_nonzero = 0;
  for (size_t i = 0; i < n_pieces; i++) has_nonzero |= pieces[i] != 0;
  if (!has_nonzero) n_pieces = 0;
  record whole = {0}, split = {0};
  rg_frame_result a = run(data, size, NULL, 0, &whole);
  rg_frame_result b = run(data, size, pieces, n_pieces, &split);
  if (a != b || whole.count != split.count || whole.sum != split.sum ||
      memcmp(whole.hash, split.hash, sizeof whole.hash) != 0)
    abort();
  return 0;
}
