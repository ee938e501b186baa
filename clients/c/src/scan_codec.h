/* The contract's messages for the scan stream, through protobuf-c's generated code. */
#ifndef RG_SCAN_CODEC_H
#define RG_SCAN_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "rentguy/warehouse/v1/warehouse.pb-c.h"

typedef Rentguy__Warehouse__V1__ScanAck rg_scan_ack_msg;

/* Appends a queued scan as one framed ScanRequest (5-byte prefix + message). */
int rg_scan_request_append(rg_buf *out, const rg_queued_scan *scan);

/* Decodes a ScanAck message (no frame prefix). NULL when the bytes are not a valid ScanAck.
 * Free with rg_scan_ack_free. */
rg_scan_ack_msg *rg_scan_ack_decode(const uint8_t *data, size_t len);
void rg_scan_ack_free(rg_scan_ack_msg *ack);

#endif
