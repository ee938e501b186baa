/* libFuzzer: the server-controlled header values the client parses: grpc-status,
 * grpc-message (percent-decoding), grpc-timeout, and grpc-status-details-bin (base64, then a
 * google.rpc.Status with an ErrorInfo). The first byte picks the parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  int which = data[0] % 4;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  switch (which) {
    case 0: {
      int status = rg_grpc_status_parse(text, len);
      if (status < -1 || status > 16) abort();
      break;
    }
    case 1: {
      char out[64];
      size_t n = rg_percent_decode(text, len, out, sizeof out);
      if (n >= sizeof out || n > len) abort();
      break;
    }
    case 2: {
      int64_t nanos = 0;
      if (rg_grpc_timeout_parse(text, len, &nanos) == 0 && nanos < 0) abort();
      break;
    }
    default: {
      uint8_t bin[1024];
      char message[128], reason[64], domain[64];
      long n = rg_base64_decode(text, len, bin, sizeof bin);
      const uint8_t *bytes = n >= 0 ? bin : data + 1;
      size_t count = n >= 0 ? (size_t)n : len;
      if (rg_status_details_parse(bytes, count, message, sizeof message, reason, sizeof reason,
                                  domain, sizeof domain) == 0) {
        if (strlen(message) >= sizeof message || strlen(reason) >= sizeof reason) abort();
      }
    }
  }
  return 0;
}
