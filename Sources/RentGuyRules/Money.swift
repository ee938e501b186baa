import Foundation

/// An amount of money in integer minor units (cents for EUR) of an ISO 4217 currency. Never
/// floating point: arithmetic is on the minor units, and every division rounds by ``Rounding``.
public struct Money: Sendable, Hashable {
  /// The amount in the currency's minor unit; negative amounts are credits.
  public var minorUnits: Int64
  /// ISO 4217 code in upper case, e.g. "EUR".
  public var currency: String

  public init(minorUnits: Int64, currency: String) {
    self.minorUnits = minorUnits
    self.currency = currency
  }

  /// Zero in `currency`.
  public static func zero(_ currency: String) -> Money { Money(minorUnits: 0, currency: currency) }

  /// Whether `code` looks like an ISO 4217 code: three ASCII capitals.
  public static func isCurrencyCode(_ code: String) -> Bool {
    code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
  }

  /// Digits after the decimal point in `currency` (2 unless ISO 4217 says otherwise).
  public static func minorDigits(_ currency: String) -> Int {
    switch currency {
    case "JPY", "KRW", "ISK", "CLP", "VND", "XAF", "XOF", "UGX", "PYG", "RWF": 0
    case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": 3
    default: 2
    }
  }

  /// Parses "12.50", "12,50", "EUR 12.50" or "12.50 EUR" (`currency` when none is written).
  /// More decimals than the currency has are refused rather than rounded.
  public static func parse(_ text: String, currency: String = "EUR") throws(MoneyError) -> Money {
    var words = text.split(separator: " ").map(String.init)
    var code = currency
    if let index = words.firstIndex(where: { Self.isCurrencyCode($0) }) {
      code = words.remove(at: index)
    }
    guard words.count == 1, Self.isCurrencyCode(code) else { throw MoneyError(text: text, reason: "is not an amount such as 12.50 or EUR 12.50") }
    var number = Substring(words[0].replacingOccurrences(of: ",", with: "."))
    let negative = number.hasPrefix("-")
    if negative { number = number.dropFirst() }
    let parts = number.split(separator: ".", omittingEmptySubsequences: false)
    let digits = Self.minorDigits(code)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ part in part.allSatisfy { $0.isASCII && $0.isNumber } }),
      parts.count == 1 || (!parts[1].isEmpty && parts[1].count <= digits), parts[0].count <= 15
    else { throw MoneyError(text: text, reason: "is not an amount with at most \(digits) decimals") }
    let fraction = parts.count == 2 ? String(parts[1]) + String(repeating: "0", count: digits - parts[1].count) : String(repeating: "0", count: digits)
    guard let whole = Int64(parts[0]), let cents = Int64(fraction.isEmpty ? "0" : fraction) else {
      throw MoneyError(text: text, reason: "is out of range")
    }
    let scale = Self.scale(digits)
    let (product, overflow) = whole.multipliedReportingOverflow(by: scale)
    guard !overflow else { throw MoneyError(text: text, reason: "is out of range") }
    let minor = product + cents
    return Money(minorUnits: negative ? -minor : minor, currency: code)
  }

  /// "EUR 12.50", "EUR -0.05".
  public var formatted: String {
    let digits = Self.minorDigits(self.currency)
    let scale = Self.scale(digits)
    let magnitude = self.minorUnits.magnitude
    let whole = magnitude / UInt64(scale)
    let sign = self.minorUnits < 0 ? "-" : ""
    guard digits > 0 else { return "\(self.currency) \(sign)\(whole)" }
    let fraction = String(magnitude % UInt64(scale))
    return "\(self.currency) \(sign)\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
  }

  /// 10^digits.
  private static func scale(_ digits: Int) -> Int64 {
    (0..<digits).reduce(Int64(1)) { value, _ in value * 10 }
  }
}

/// Text that is not an amount of money.
public struct MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
  public var text: String
  public var reason: String
  public var description: String { "'\(self.text)' \(self.reason)" }
}
