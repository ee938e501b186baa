/// Percent-encoding of `grpc-message` values (gRPC PROTOCOL-HTTP2): UTF-8 bytes outside
/// `%x20-%x24 / %x26-%x7E` are sent as `%XX`. Decoding never fails: a malformed escape is kept as is.
enum PercentEncoding {
  private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

  static func encode(_ message: String) -> String {
    var needsEncoding = false
    for byte in message.utf8 where !Self.isUnreserved(byte) {
      needsEncoding = true
      break
    }
    guard needsEncoding else { return message }

    var out: [UInt8] = []
    out.reserveCapacity(message.utf8.count * 2)
    for byte in message.utf8 {
      if Self.isUnreserved(byte) {
        out.append(byte)
      } else {
        out.append(UInt8(ascii: "%"))
        out.append(Self.hex[Int(byte >> 4)])
        out.append(Self.hex[Int(byte & 0x0F)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func decode(_ encoded: String) -> String {
    let bytes = Array(encoded.utf8)
    guard bytes.contains(UInt8(ascii: "%")) else { return encoded }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
        let high = Self.hexValue(bytes[index + 1]), let low = Self.hexValue(bytes[index + 2])
      {
        out.append(high << 4 | low)
        index += 3
      } else {
        out.append(byte)
        index += 1
      }
    }
    // Invalid UTF-8 is repaired with U+FFFD rather than rejected.
    return String(decoding: out, as: UTF8.self)
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "%")
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
