import Foundation

/// Money in integer cents for the accounting providers' mocks: Moneybird's decimal strings
/// (`"121.00"`, `"-12.10"`, also `"100"` and `"100.5"`), Exact's JSON numbers (rounded to the cent),
/// percentages in hundredths (`"21.0"` → 2100), and division rounded half away from zero.
enum Cents {
  /// The largest magnitude accepted, in cents (a hundred billion in whole units).
  static let limit = 10_000_000_000_000

  /// `1050` → `"10.50"`, `-1210` → `"-12.10"` (Mollie's formatting, which handles signs).
  static func format(_ cents: Int) -> String {
    MollieObjects.format(cents)
  }

  /// `"-12.10"` → `-1210`; also `"100"`, `"100.5"` and trailing zeros (`"21.000"`). With
  /// `rounding`, more decimals are rounded half away from zero (`"0.285"` → 29); without, they
  /// make the text invalid. nil unless an optional `-`, 1 to 11 digits and an optional fraction.
  static func parse(_ text: String, rounding: Bool = false) -> Int? {
    var body = Substring(text.trimmingCharacters(in: .whitespaces))
    var negative = false
    if body.hasPrefix("-") {
      negative = true
      body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, (1...11).contains(whole.count), whole.allSatisfy({ $0.isASCII && $0.isNumber }),
      let units = Int(whole)
    else { return nil }
    var fraction: [Character] = parts.count == 2 ? Array(parts[1]) : []
    if parts.count == 2 {
      guard !fraction.isEmpty, fraction.count <= 40, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    }
    var roundUp = false
    if fraction.count > 2 {
      let rest = fraction[2...]
      if rounding {
        roundUp = rest.first.map { $0 >= "5" } ?? false
      } else {
        guard rest.allSatisfy({ $0 == "0" }) else { return nil }
      }
      fraction = Array(fraction[0..<2])
    }
    while fraction.count < 2 { fraction.append("0") }
    guard let hundredths = Int(String(fraction)) else { return nil }
    let magnitude = units * 100 + hundredths + (roundUp ? 1 : 0)
    return negative ? -magnitude : magnitude
  }

  /// Cents from JSON: a decimal string (as ``parse(_:rounding:)``, rounding) or a number rounded
  /// to the cent; nil for anything else or beyond ``limit``.
  static func from(_ value: JSONValue?) -> Int? {
    let cents: Int?
    switch value {
    case .string(let text)?:
      cents = Self.parse(text, rounding: true)
    case .int(let number)?:
      cents = number.magnitude <= UInt(Self.limit / 100) ? number * 100 : nil
    case .double(let number)?:
      guard number.isFinite, abs(number) < Double(Self.limit) / 100 else { return nil }
      // The shortest decimal that reads back as this double ("0.285"), rounded as decimal text.
      let text = "\(number)"
      if text.contains("e") || text.contains("E") {
        cents = Int((number * 100).rounded(.toNearestOrAwayFromZero))
      } else {
        cents = Self.parse(text, rounding: true)
      }
    default:
      cents = nil
    }
    guard let result = cents, result.magnitude <= UInt(Self.limit) else { return nil }
    return result
  }

  /// `numerator / denominator` (denominator > 0) rounded half away from zero: 5/2 → 3, −5/2 → −3.
  static func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
    let quotient = numerator / denominator
    let remainder = numerator % denominator
    let twice = remainder < 0 ? -2 * remainder : 2 * remainder
    guard twice >= denominator else { return quotient }
    return numerator < 0 ? quotient - 1 : quotient + 1
  }

  /// A percentage in hundredths as Moneybird writes it: 2100 → `"21.0"`, 950 → `"9.5"`, 925 → `"9.25"`.
  static func percentage(_ hundredths: Int) -> String {
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let whole = magnitude / 100
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole).0" }
    if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
