/* gRPC over HTTP/2 wire details that need no connection: length-prefixed message framing, the
 * grpc-status / grpc-message / grpc-timeout headers, HTTP status mapping, and the standard
 * grpc-status-details-bin trailer (google.rpc.Status with a google.rpc.ErrorInfo). */
#ifndef RG_GRPC_FRAME_H
#define RG_GRPC_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

#define RG_FRAME_HEADER_SIZE 5

/* gRPC status codes. */
enum {
  RG_GRPC_OK = 0, RG_GRPC_CANCELLED = 1, RG_GRPC_UNKNOWN = 2, RG_GRPC_INVALID_ARGUMENT = 3,
  RG_GRPC_DEADLINE_EXCEEDED = 4, RG_GRPC_NOT_FOUND = 5, RG_GRPC_ALREADY_EXISTS = 6,
  RG_GRPC_PERMISSION_DENIED = 7, RG_GRPC_RESOURCE_EXHAUSTED = 8, RG_GRPC_FAILED_PRECONDITION = 9,
  RG_GRPC_ABORTED = 10, RG_GRPC_OUT_OF_RANGE = 11, RG_GRPC_UNIMPLEMENTED = 12,
  RG_GRPC_INTERNAL = 13, RG_GRPC_UNAVAILABLE = 14, RG_GRPC_DATA_LOSS = 15,
  RG_GRPC_UNAUTHENTICATED = 16
};

/* Appends one uncompressed message with its 5-byte prefix (flag 0, big-endian length). */
int rg_frame_append(rg_buf *out, const uint8_t *message, size_t len);

/* Outcomes of the frame reader. */
typedef enum rg_frame_result {
  RG_FRAME_OK = 0,
  RG_FRAME_TOO_LARGE,   /* a message's length is over the reader's limit */
  RG_FRAME_COMPRESSED,  /* compressed flag set: we never offer an encoding */
  RG_FRAME_BAD_FLAGS,   /* reserved flag bits set */
  RG_FRAME_TRUNCATED,   /* the stream ended inside a message */
  RG_FRAME_NO_MEMORY,
  RG_FRAME_SINK_FAILED  /* the sink returned non-zero */
} rg_frame_result;

/* Called once per complete message; `message` is valid only during the call. Non-zero stops
 * the reader (RG_FRAME_SINK_FAILED). */
typedef int (*rg_frame_sink)(void *ctx, const uint8_t *message, size_t len);

/* Incremental reader of length-prefixed messages: feed it DATA bytes in any pieces. */
typedef struct rg_frame_reader {
  size_t max_message;
  uint8_t header[RG_FRAME_HEADER_SIZE];
  size_t header_have;
  uint8_t *message; /* partial message being assembled */
  size_t message_len;
  size_t message_have;
  int failed; /* the first error; later feeds return it again */
} rg_frame_reader;

void rg_frame_reader_init(rg_frame_reader *reader, size_t max_message);
rg_frame_result rg_frame_reader_feed(rg_frame_reader *reader, const uint8_t *data, size_t len,
                                     rg_frame_sink sink, void *ctx);
/* At the end of the stream: RG_FRAME_OK when it ended between messages. */
rg_frame_result rg_frame_reader_finish(const rg_frame_reader *reader);
void rg_frame_reader_free(rg_frame_reader *reader);
const char *rg_frame_result_text(rg_frame_result result);

/* grpc-status: 0..16 for a valid header value; other numbers are UNKNOWN (2); -1 when the
 * value is not a number. */
int rg_grpc_status_parse(const char *value, size_t len);

/* Percent-decodes a grpc-message value into `out` (NUL-terminated, truncated to out_cap - 1).
 * Invalid %-sequences are kept as they are (the gRPC spec: never fail on a bad message).
 * Returns the decoded length. */
size_t rg_percent_decode(const char *in, size_t len, char *out, size_t out_cap);

/* Formats a grpc-timeout value (at most 8 digits and a unit) for `ms` milliseconds (> 0).
 * `out` needs 10 bytes. */
void rg_grpc_timeout_format(int64_t ms, char out[16]);
/* Parses a grpc-timeout value into nanoseconds (saturating). -1 when malformed. */
int rg_grpc_timeout_parse(const char *value, size_t len, int64_t *nanos);

/* The gRPC status for a response whose :status is not 200 (the gRPC HTTP/2 spec's table). */
int rg_grpc_status_from_http(int http_status);

/* Base64 (standard alphabet, padding optional, as -bin metadata is sent) into `out`.
 * Returns the decoded length or -1 when malformed or over out_cap. */
long rg_base64_decode(const char *in, size_t len, uint8_t *out, size_t out_cap);

/* From a serialized google.rpc.Status: its message and the reason and domain of its first
 * google.rpc.ErrorInfo detail (each NUL-terminated, "" when absent, truncated to fit).
 * Returns 0, or -1 when the bytes are not a well-formed Status. */
int rg_status_details_parse(const uint8_t *data, size_t len, char *message, size_t message_cap,
                            char *reason, size_t reason_cap, char *domain, size_t domain_cap);

#endif
