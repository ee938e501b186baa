import Testing

@testable import RentGuyProviders

@Suite("decimal amounts")
struct DecimalAmountTests {
  static let written: [(Int64, String)] = [
    (0, "0.00"), (5, "0.05"), (10, "0.10"), (99, "0.99"), (100, "1.00"), (1000, "10.00"), (123_456, "1234.56"),
    (-5, "-0.05"), (-1000, "-10.00"), (-123_456, "-1234.56"),
    (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
  ]

  @Test("minor units are written with two decimals, as Mollie writes amounts", arguments: Self.written)
  func writes(minor: Int64, text: String) {
    #expect(DecimalAmount.string(minor: minor) == text)
  }

  static let read: [(String, Int64)] = [
    ("10.00", 1000), ("10", 1000), ("10.5", 1050), ("0.05", 5), ("0.5", 50), ("0", 0), ("1234.56", 123_456),
    ("999999999999999.99", 99_999_999_999_999_999),
  ]

  @Test("amounts are read as minor units", arguments: Self.read)
  func reads(text: String, minor: Int64) {
    #expect(DecimalAmount.minor(text) == minor)
  }

  static let refused: [String] = [
    "", ".5", "10.", "10.000", "-1", "-10.00", "1e3", "١٠", "١٠.٠٠", "１０", "10.٥", "10,00", " 10", "10 ", "0x10", "10.5a",
    "10.-5", "abc", ".", "10.00.00",
    // Huge numbers: more than 15 digits before the point, or more than Int64 holds.
    "1000000000000000", "99999999999999999999", "9223372036854775807", "100000000000000000000000000000.00",
  ]

  @Test("anything else is refused (nil)", arguments: Self.refused)
  func refusesOtherText(text: String) {
    #expect(DecimalAmount.minor(text) == nil)
  }

  @Test("a sign is refused too, even on an amount below one unit or a plus sign (\"nil for anything else\")", arguments: ["-0.50", "-0.01", "-0", "+10", "+0.50"])
  func refusesSigns(text: String) {
    #expect(DecimalAmount.minor(text) == nil)
  }

  @Test("what string(minor:) writes, minor() reads back", arguments: [Int64(0), 1, 5, 99, 100, 1050, 123_456, 99_999_999_999_999_999])
  func roundTrip(value: Int64) {
    #expect(DecimalAmount.minor(DecimalAmount.string(minor: value)) == value)
  }
}
