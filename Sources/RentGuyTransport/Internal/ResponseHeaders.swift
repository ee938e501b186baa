import GRPCCore

/// Builds the response header blocks of a gRPC stream: initial headers, trailers and
/// Trailers-Only responses, with metadata filtered and encoded for the wire.
enum ResponseHeaders {
  /// Keys the transport owns; handlers' metadata with these keys is dropped.
  static let reservedKeys: Set<String> = [
    "content-type", "grpc-status", "grpc-message", "grpc-encoding", "grpc-accept-encoding",
    "grpc-status-details-bin", "te", "connection", "transfer-encoding", "keep-alive", "upgrade",
    "content-length", "grpc-timeout",
  ]

  /// Keys the transport owns in trailers: rich error details (`grpc-status-details-bin`, a
  /// serialized `google.rpc.Status`) come from the handler's error metadata.
  static let trailerReservedKeys = Self.reservedKeys.subtracting(["grpc-status-details-bin"])

  static let acceptEncoding = "gzip,identity"

  static func initial(metadata: Metadata, gzip: Bool) -> HeaderList {
    var headers = HeaderList()
    headers.add(":status", "200")
    headers.add("content-type", "application/grpc")
    if gzip { headers.add("grpc-encoding", "gzip") }
    headers.add("grpc-accept-encoding", Self.acceptEncoding)
    Self.append(metadata, to: &headers)
    return headers
  }

  static func trailers(status: Status, metadata: Metadata) -> HeaderList {
    var headers = HeaderList()
    Self.appendStatus(code: status.code.rawValue, message: status.message, to: &headers)
    Self.append(metadata, to: &headers, reserved: Self.trailerReservedKeys)
    return headers
  }

  /// A Trailers-Only response: one HEADERS frame with END_STREAM.
  static func trailersOnly(
    httpStatus: Int = 200,
    code: Int,
    message: String,
    metadata: Metadata = [:]
  ) -> HeaderList {
    var headers = HeaderList()
    headers.add(":status", String(httpStatus))
    headers.add("content-type", "application/grpc")
    headers.add("grpc-accept-encoding", Self.acceptEncoding)
    Self.appendStatus(code: code, message: message, to: &headers)
    Self.append(metadata, to: &headers, reserved: Self.trailerReservedKeys)
    return headers
  }

  private static func appendStatus(code: Int, message: String, to headers: inout HeaderList) {
    headers.add("grpc-status", String(code))
    if !message.isEmpty {
      headers.add("grpc-message", PercentEncoding.encode(message))
    }
  }

  /// Appends `metadata` as header fields, skipping invalid and `reserved` keys.
  static func append(
    _ metadata: Metadata,
    to headers: inout HeaderList,
    reserved: Set<String> = Self.reservedKeys
  ) {
    for (key, value) in metadata {
      let key = key.lowercased()
      guard Self.isValidKey(key), !reserved.contains(key) else { continue }
      switch value {
      case .string(let string):
        guard !key.hasSuffix("-bin") else {
          headers.add(key, Base64.encodeUnpadded(Array(string.utf8)))
          continue
        }
        guard Self.isValidValue(string) else { continue }
        headers.add(key, string)
      case .binary(let bytes):
        guard key.hasSuffix("-bin") else { continue }
        headers.add(key, Base64.encodeUnpadded(bytes))
      }
    }
  }

  /// Metadata keys: lowercase `0-9 a-z _ - .`, not starting with `:` (and not empty).
  static func isValidKey(_ key: String) -> Bool {
    guard !key.isEmpty else { return false }
    return key.utf8.allSatisfy { byte in
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
        return true
      default:
        return false
      }
    }
  }

  /// ASCII-string metadata values: printable ASCII `%x20-%x7E`.
  static func isValidValue(_ value: String) -> Bool {
    value.utf8.allSatisfy { (0x20...0x7E).contains($0) }
  }
}
