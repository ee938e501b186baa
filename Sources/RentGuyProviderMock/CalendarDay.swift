import Foundation

/// Calendar days as the accounting APIs write them: `yyyy-MM-dd` (UTC).
enum CalendarDay {
  /// Today in UTC.
  static func today() -> String {
    Self.string(Date())
  }

  /// `date`'s day in UTC.
  static func string(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return "\(Self.padded(parts.year ?? 1970, 4))-\(Self.padded(parts.month ?? 1, 2))-\(Self.padded(parts.day ?? 1, 2))"
  }

  /// Whether `text` is `yyyy-MM-dd` with a month 1–12 and a day 1–31.
  static func isValid(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
    for index in [0, 1, 2, 3, 5, 6, 8, 9] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
      return false
    }
    guard let month = Int(text.dropFirst(5).prefix(2)), let day = Int(text.suffix(2)) else { return false }
    return (1...12).contains(month) && (1...31).contains(day)
  }

  /// `7` → `"0007"` for width 4.
  static func padded(_ number: Int, _ width: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
