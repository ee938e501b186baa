import Foundation

/// Reading the accounting providers' JSON leniently: ids as strings or numbers, amounts as
/// decimal strings (Moneybird: "121.00", "-12.10", "100.0") or JSON numbers (Exact: 121.0).
enum ProviderJSON {
  /// A string, or a number written out (Moneybird's ids are 18-digit strings, some clients see numbers).
  static func string(_ value: Any?) -> String? {
    if let text = value as? String { return text }
    if let number = value as? NSNumber { return number.stringValue }
    return nil
  }

  /// An integer, from a number or a string of digits.
  static func int(_ value: Any?) -> Int? {
    if let number = value as? NSNumber { return number.intValue }
    if let text = value as? String { return Int(text) }
    return nil
  }

  /// Minor units from a decimal string (trailing zeros past two decimals allowed) or a JSON
  /// number (rounded to the cent); nil for anything else.
  static func minor(_ value: Any?) -> Int64? {
    if var text = value as? String {
      if let dot = text.firstIndex(of: ".") {
        let fraction = text[text.index(after: dot)...]
        let zeros = fraction.reversed().prefix(while: { $0 == "0" }).count
        text.removeLast(min(zeros, max(0, fraction.count - 2)))
      }
      return DecimalAmount.signedMinor(text)
    }
    if let number = value as? NSNumber {
      let cents = number.doubleValue * 100
      guard cents.isFinite, cents.magnitude < 9e15 else { return nil }
      return Int64(cents.rounded())
    }
    return nil
  }
}
