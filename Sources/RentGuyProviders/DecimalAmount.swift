/// Amounts as the providers write them: Mollie's `{"currency": "EUR", "value": "10.00"}` strings.
/// Only currencies with two decimals are used (one currency per server, EUR by default).
public enum DecimalAmount {
  /// "10.00" for 1000 minor units.
  public static func string(minor: Int64) -> String {
    let sign = minor < 0 ? "-" : ""
    let magnitude = minor.magnitude
    let cents = magnitude % 100
    return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
  }

  /// 1000 for "10.00" (also "10", "10.5"); nil for anything else.
  public static func minor(_ text: String) -> Int64? {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty, first.utf8.count <= 15, first.allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int64(first)
    else { return nil }
    var cents: Int64 = 0
    if parts.count == 2 {
      let fraction = parts[1]
      guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(fraction) else { return nil }
      cents = fraction.count == 1 ? value * 10 : value
    }
    return whole * 100 + cents
  }

  /// Like ``minor(_:)``, also with a leading "-" (-1210 for "-12.10"), as Moneybird writes a
  /// credit note's amounts.
  public static func signedMinor(_ text: String) -> Int64? {
    guard text.hasPrefix("-") else { return Self.minor(text) }
    return Self.minor(String(text.dropFirst())).map { -$0 }
  }
}
