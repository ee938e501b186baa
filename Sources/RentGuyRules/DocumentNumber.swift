/// Numbers of invoices, quotes and other documents: a prefix, the year and a zero-padded
/// sequence number that restarts every year.
public enum DocumentNumber: Sendable {
  /// `prefix`, `year`, a dash and `sequence` padded with zeros to `width` digits (never cut):
  /// `format(prefix: "F", year: 2026, sequence: 42)` is "F2026-00042".
  public static func format(prefix: String, year: Int, sequence: Int, width: Int = 5) -> String {
    let digits = String(sequence.magnitude)
    let padding = String(repeating: "0", count: max(0, width - digits.count))
    return "\(prefix)\(year)-\(sequence < 0 ? "-" : "")\(padding)\(digits)"
  }
}
