import Testing

@testable import RentGuyRules

@Suite("money")
struct MoneyTests {
  @Test("amounts parse to minor units, with or without a currency, with a point or a comma")
  func parsing() throws {
    #expect(try Money.parse("12.50") == Money(minorUnits: 1250, currency: "EUR"))
    #expect(try Money.parse("EUR 12,5") == Money(minorUnits: 1250, currency: "EUR"))
    #expect(try Money.parse("7 USD") == Money(minorUnits: 700, currency: "USD"))
    #expect(try Money.parse("-0.05") == Money(minorUnits: -5, currency: "EUR"))
    #expect(try Money.parse("JPY 500") == Money(minorUnits: 500, currency: "JPY"))
  }

  @Test("more decimals than the currency has, words and overflow are refused, never rounded", arguments: [
    "12.505", "twelve", "", "EUR", "1.2.3", "JPY 5.5", "99999999999999999999", "12.", ".5", "EUR 1 2",
  ])
  func refusals(text: String) {
    #expect(throws: MoneyError.self) { try Money.parse(text) }
  }

  @Test("amounts format with the currency's decimals")
  func formatting() {
    #expect(Money(minorUnits: 1250, currency: "EUR").formatted == "EUR 12.50")
    #expect(Money(minorUnits: -5, currency: "EUR").formatted == "EUR -0.05")
    #expect(Money(minorUnits: 500, currency: "JPY").formatted == "JPY 500")
    #expect(Money(minorUnits: 1_234, currency: "KWD").formatted == "KWD 1.234")
  }
}
