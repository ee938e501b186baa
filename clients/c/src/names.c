/* Printable names of codes and of the contract's enums (see scanner.h). */
#include <string.h>

#include "internal.h"
#include "rentguy/warehouse/v1/warehouse.pb-c.h"

const char *rg_code_name(int code) {
  switch (code) {
    case RG_OK: return "OK";
    case RG_ERR_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case RG_ERR_NO_MEMORY: return "NO_MEMORY";
    case RG_ERR_QUEUE: return "QUEUE";
    case RG_ERR_QUEUE_DEVICE: return "QUEUE_DEVICE";
    case RG_ERR_CONNECT: return "CONNECT";
    case RG_ERR_TLS: return "TLS";
    case RG_ERR_PROTOCOL: return "PROTOCOL";
    case RG_ERR_UNAVAILABLE: return "UNAVAILABLE";
    case RG_ERR_REFUSED: return "REFUSED";
    case RG_ERR_TIMEOUT: return "TIMEOUT";
    case RG_ERR_INTERRUPTED: return "INTERRUPTED";
    default: return "UNKNOWN";
  }
}

/* The enum value's proto name without `prefix`. */
static const char *enum_name(const ProtobufCEnumDescriptor *descriptor, int value,
                             const char *prefix) {
  const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(descriptor, value);
  if (v == NULL) return "UNKNOWN";
  size_t n = strlen(prefix);
  return strncmp(v->name, prefix, n) == 0 ? v->name + n : v->name;
}

const char *rg_result_name(int result) {
  return enum_name(&rentguy__warehouse__v1__scan_result__descriptor, result, "SCAN_RESULT_");
}

const char *rg_reason_name(int reason) {
  return enum_name(&rentguy__warehouse__v1__scan_reason__descriptor, reason, "SCAN_REASON_");
}

const char *rg_action_name(int action) {
  return enum_name(&rentguy__warehouse__v1__scan_action__descriptor, action, "SCAN_ACTION_");
}

const char *rg_condition_name(int condition) {
  return enum_name(&rentguy__warehouse__v1__item_condition__descriptor, condition,
                   "ITEM_CONDITION_");
}

static const char *const GRPC_STATUS[] = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
    "UNAUTHENTICATED"};

const char *rg_grpc_status_name(int status) {
  return status >= 0 && status <= 16 ? GRPC_STATUS[status] : "UNKNOWN";
}

static int parse_enum(const char *name, int first, int last, const char *(*to_name)(int)) {
  if (name == NULL) return -1;
  for (int v = first; v <= last; v++)
    if (rg_name_equal(name, to_name(v))) return v;
  return -1;
}

int rg_action_parse(const char *name) {
  return parse_enum(name, RG_ACTION_CHECK_OUT, RG_ACTION_PREPARE, rg_action_name);
}

int rg_condition_parse(const char *name) {
  return parse_enum(name, RG_CONDITION_OK, RG_CONDITION_DAMAGED, rg_condition_name);
}
