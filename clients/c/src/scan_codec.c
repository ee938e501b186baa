/* ScanRequest encoding and ScanAck decoding (see scan_codec.h). */
#include "scan_codec.h"

#include "grpc_frame.h"

int rg_scan_request_append(rg_buf *out, const rg_queued_scan *scan) {
  Google__Protobuf__Timestamp scanned_at = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
  scanned_at.seconds = (int64_t)scan->scanned_at.tv_sec;
  scanned_at.nanos = (int32_t)scan->scanned_at.tv_nsec;
  Rentguy__Warehouse__V1__ScanRequest request = RENTGUY__WAREHOUSE__V1__SCAN_REQUEST__INIT;
  request.device_id = scan->device_id;
  request.client_scan_id = scan->client_scan_id;
  request.scanned_at = &scanned_at;
  request.barcode = scan->barcode;
  request.action = (Rentguy__Warehouse__V1__ScanAction)scan->action;
  request.booking_id = scan->booking_id;
  request.location_id = scan->location_id;
  request.quantity = scan->quantity;
  request.condition = (Rentguy__Warehouse__V1__ItemCondition)scan->condition;
  request.note = scan->note;
  request.device_sequence = scan->device_sequence;

  size_t len = rentguy__warehouse__v1__scan_request__get_packed_size(&request);
  uint8_t header[RG_FRAME_HEADER_SIZE] = {0, (uint8_t)(len >> 24), (uint8_t)(len >> 16),
                                          (uint8_t)(len >> 8), (uint8_t)len};
  if (len > UINT32_MAX || rg_buf_reserve(out, sizeof header + len) != 0) return -1;
  rg_buf_append(out, header, sizeof header);
  rentguy__warehouse__v1__scan_request__pack(&request, out->data + out->len);
  out->len += len;
  return 0;
}

rg_scan_ack_msg *rg_scan_ack_decode(const uint8_t *data, size_t len) {
  return rentguy__warehouse__v1__scan_ack__unpack(NULL, len, data);
}

void rg_scan_ack_free(rg_scan_ack_msg *ack) {
  if (ack != NULL) rentguy__warehouse__v1__scan_ack__free_unpacked(ack, NULL);
}
