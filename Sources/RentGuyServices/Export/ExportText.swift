import RentGuyRules

/// Amounts and rates as plain decimal text for export files (CSV, UBL): no currency, no
/// grouping, a dot before the decimals, a leading "-" for negative values.
enum ExportText {
  /// `minor` units of `currency` with the currency's decimals: 123456 EUR is "1234.56", -5 EUR
  /// is "-0.05", 1200 JPY is "1200".
  static func amount(_ minor: Int64, currency: String) -> String {
    let digits = Money.minorDigits(currency)
    var scale: UInt64 = 1
    for _ in 0..<digits { scale *= 10 }
    let magnitude = minor.magnitude
    let sign = minor < 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(magnitude)" }
    let fraction = String(magnitude % scale)
    return "\(sign)\(magnitude / scale).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
  }

  /// A rate in basis points as a percentage without trailing zeros: 2100 is "21", 950 is "9.5",
  /// 925 is "9.25", 0 is "0".
  static func percent(basisPoints: Int) -> String {
    let magnitude = basisPoints.magnitude
    let sign = basisPoints < 0 ? "-" : ""
    let whole = magnitude / 100
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole)" }
    if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
