/* libFuzzer: bytes of a response stream (gRPC length-prefixed frames) -> ScanAck messages, the
 * path every byte from the server takes in rg_scanner_sync: the frame reader, then protobuf-c's
 * ScanAck decoding, then the fields the client reads. The first input byte picks the piece size
 * the stream arrives in (as DATA frames would split it). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "grpc_frame.h"
#include "rentguy/scanner.h"
#include "scan_codec.h"

static size_t sink_total;

static int on_message(void *ctx, const uint8_t *message, size_t len) {
  (void)ctx;
  rg_scan_ack_msg *ack = rg_scan_ack_decode(message, len);
  if (ack == NULL) return 0;
  /* Read what the scanner reads. */
  sink_total += strlen(ack->client_scan_id) + strlen(ack->message) + strlen(ack->scan_id) +
                strlen(ack->conflict_id);
  sink_total += strlen(rg_result_name(ack->result)) + strlen(rg_reason_name(ack->reason)) +
                strlen(rg_result_name(ack->original_result));
  for (size_t i = 0; i < ack->n_asset_ids; i++) sink_total += strlen(ack->asset_ids[i]);
  for (size_t i = 0; i < ack->n_assets; i++)
    if (ack->assets[i]) sink_total += strlen(ack->assets[i]->asset_id);
  if (ack->server_time) sink_total += (size_t)ack->server_time->nanos;
  rg_scan_ack_free(ack);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t piece = (size_t)data[0] + 1;
  data++, size--;
  rg_frame_reader reader;
  rg_frame_reader_init(&reader, 1 << 16);
  for (size_t off = 0; off < size; off += piece) {
    size_t n = size - off < piece ? size - off : piece;
    if (rg_frame_reader_feed(&reader, data + off, n, on_message, NULL) != RG_FRAME_OK) break;
  }
  rg_frame_reader_finish(&reader);
  rg_frame_reader_free(&reader);
  return 0;
}
