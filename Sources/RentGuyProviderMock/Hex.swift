/// Lowercase hexadecimal, as in `Stripe-Signature` `v1=` values.
enum Hex {
  private static let digits = Array("0123456789abcdef".utf8)

  static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    var characters: [UInt8] = []
    for byte in bytes {
      characters.append(Self.digits[Int(byte >> 4)])
      characters.append(Self.digits[Int(byte & 0x0f)])
    }
    return String(decoding: characters, as: UTF8.self)
  }
}
