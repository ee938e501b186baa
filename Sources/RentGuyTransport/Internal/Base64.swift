/// Base64 for `-bin` metadata: emits unpadded values, accepts padded and unpadded ones
/// (gRPC PROTOCOL-HTTP2). Standard alphabet only.
enum Base64 {
  private static let alphabet: [UInt8] = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
  )

  private static let decodeTable: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
    return table
  }()

  static func encodeUnpadded(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count * 4 + 2) / 3)
    var index = 0
    while index + 3 <= bytes.count {
      let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
      out.append(alphabet[Int(value >> 18 & 0x3F)])
      out.append(alphabet[Int(value >> 12 & 0x3F)])
      out.append(alphabet[Int(value >> 6 & 0x3F)])
      out.append(alphabet[Int(value & 0x3F)])
      index += 3
    }
    let remaining = bytes.count - index
    if remaining == 1 {
      let value = UInt32(bytes[index]) << 16
      out.append(alphabet[Int(value >> 18 & 0x3F)])
      out.append(alphabet[Int(value >> 12 & 0x3F)])
    } else if remaining == 2 {
      let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
      out.append(alphabet[Int(value >> 18 & 0x3F)])
      out.append(alphabet[Int(value >> 12 & 0x3F)])
      out.append(alphabet[Int(value >> 6 & 0x3F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes padded or unpadded base64; `nil` if the input is not base64.
  static func decode(_ string: some StringProtocol) -> [UInt8]? {
    var input = Array(string.utf8)
    while input.last == UInt8(ascii: "=") { input.removeLast() }
    guard input.count % 4 != 1 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(input.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for char in input {
      let value = decodeTable[Int(char)]
      guard value != 0xFF else { return nil }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    return out
  }
}
