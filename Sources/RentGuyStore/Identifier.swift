public import Foundation

/// Opaque, prefixed record ids (`job_01JD…`): a type prefix, then a ULID (48-bit millisecond
/// time and 80 random bits in Crockford base32), so ids sort by creation time.
public enum Identifier {
  private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

  /// A new id with `prefix` (without the underscore), e.g. `make("job")`.
  public static func make(_ prefix: String, at date: Date = Date()) -> String {
    var generator = SystemRandomNumberGenerator()
    return make(prefix, at: date, using: &generator)
  }

  /// A new id with `prefix`, drawing the random part from `generator`.
  public static func make(
    _ prefix: String,
    at date: Date,
    using generator: inout some RandomNumberGenerator
  ) -> String {
    let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded())) & 0xFFFF_FFFF_FFFF
    let randomHigh = UInt64(UInt16.random(in: .min ... .max, using: &generator))
    let randomLow = UInt64.random(in: .min ... .max, using: &generator)
    // 128 bits: time (48) | random (80), written as 26 base32 digits (130 bits, top 2 zero).
    let high = (milliseconds << 16) | randomHigh
    let low = randomLow
    var digits = [UInt8](repeating: 0, count: 26)
    for index in 0..<26 {
      let shift = 125 - index * 5
      let value: UInt64
      if shift >= 64 {
        value = (high >> UInt64(shift - 64)) & 0x1F
      } else if shift > 59 {
        value = ((high << UInt64(64 - shift)) | (low >> UInt64(shift))) & 0x1F
      } else {
        value = (low >> UInt64(shift)) & 0x1F
      }
      digits[index] = alphabet[Int(value)]
    }
    return prefix + "_" + String(decoding: digits, as: UTF8.self)
  }
}
