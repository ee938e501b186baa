import Testing

@testable import RentGuyRules

@Suite("pricing")
struct PricingTests {
  @Test("division rounds half away from zero")
  func divideHalfUp() {
    #expect(Pricing.divideHalfUp(5, by: 2) == 3)
    #expect(Pricing.divideHalfUp(-5, by: 2) == -3)
    #expect(Pricing.divideHalfUp(4, by: 3) == 1)
    #expect(Pricing.divideHalfUp(-4, by: 3) == -1)
    #expect(Pricing.divideHalfUp(5, by: 3) == 2)
    #expect(Pricing.divideHalfUp(-5, by: 3) == -2)
    #expect(Pricing.divideHalfUp(7, by: 2) == 4)
    #expect(Pricing.divideHalfUp(0, by: 7) == 0)
    #expect(Pricing.divideHalfUp(14_999, by: 10_000) == 1)
    #expect(Pricing.divideHalfUp(15_000, by: 10_000) == 2)
  }

  @Test("half a cent of VAT rounds up, and half a cent of VAT on a credit rounds down, away from zero")
  func halfCents() {
    // 0.50 × 1 % = 0.005 EUR = half a cent.
    #expect(Pricing.vat(onNet: 50, rateBp: 100) == 1)
    #expect(Pricing.vat(onNet: -50, rateBp: 100) == -1)
    // 0.49 × 1 % = 0.49 cent: rounds to 0 either way.
    #expect(Pricing.vat(onNet: 49, rateBp: 100) == 0)
    #expect(Pricing.vat(onNet: -49, rateBp: 100) == 0)
    // 2.50 × 21 % = 52.5 cents.
    #expect(Pricing.vat(onNet: 250, rateBp: 2100) == 53)
    #expect(Pricing.vat(onNet: -250, rateBp: 2100) == -53)
    // A 50 % share of 1 cent.
    #expect(Pricing.share(1, bp: 5000) == 1)
    #expect(Pricing.share(-1, bp: 5000) == -1)
    #expect(Pricing.share(10_000, bp: 3000) == 3000)
  }

  @Test("a 33.33 % discount is applied to the whole line and rounded once")
  func discount() {
    // 1 × 10.00 × 1 day × 66.67 % = 6.667 → 6.67.
    #expect(Pricing.netAmount(quantity: 1, unitPriceMinor: 1000, days: 1, discountBp: 3333) == 667)
    // 3 × 19.99 × 2 days = 119.94; × 66.67 % = 79.963998 → 79.96. Rounding the unit price first
    // (19.99 × 66.67 % = 13.327333 → 13.33, × 6 = 79.98) would be 2 cents off.
    #expect(Pricing.netAmount(quantity: 3, unitPriceMinor: 1999, days: 2, discountBp: 3333) == 7996)
    // No discount and a full discount.
    #expect(Pricing.netAmount(quantity: 4, unitPriceMinor: 1250, days: 3, discountBp: 0) == 15_000)
    #expect(Pricing.netAmount(quantity: 4, unitPriceMinor: 1250, days: 3, discountBp: 10_000) == 0)
    // 0.15 at 50 % = 7.5 cents → 8; a credit line of −0.15 → −8.
    #expect(Pricing.netAmount(quantity: 1, unitPriceMinor: 15, days: 1, discountBp: 5000) == 8)
    #expect(Pricing.netAmount(quantity: 1, unitPriceMinor: -15, days: 1, discountBp: 5000) == -8)
  }

  @Test("amounts too large for 64-bit intermediate products are computed exactly")
  func largeAmounts() {
    // 1000 × 9 000 000 000.00 × 365 days × 99.99 % overflows Int64 before the division.
    let net = Pricing.netAmount(quantity: 1000, unitPriceMinor: 900_000_000_000, days: 365, discountBp: 1)
    #expect(net == 328_467_150_000_000_000)
  }

  @Test("a 21 % + 9 % + 0 % breakdown rounds VAT once per rate, which differs from rounding per line")
  func mixedRateBreakdown() {
    let lines = [
      VATLine(category: .zero, rateBp: 0, net: 5000),
      VATLine(category: .standard, rateBp: 2100, net: 102),
      VATLine(category: .reduced, rateBp: 900, net: 105),
      VATLine(category: .standard, rateBp: 2100, net: 102),
      VATLine(category: .exempt, rateBp: 0, net: 1000),
      VATLine(category: .reduced, rateBp: 900, net: 105),
      VATLine(category: .standard, rateBp: 2100, net: 102),
      VATLine(category: .exempt, rateBp: 0, net: -1000),
    ]
    // Per rate: 21 % of 3.06 = 64.26 cents → 64; 9 % of 2.10 = 18.9 → 19; total VAT 0.83.
    // Per line: 21 % of 1.02 = 21.42 → 21, three times = 63; 9 % of 1.05 = 9.45 → 9, twice = 18; total 0.81.
    let breakdown = Pricing.breakdown(lines)
    #expect(
      breakdown == [
        VATAmount(category: .standard, rateBp: 2100, net: 306, vat: 64),
        VATAmount(category: .reduced, rateBp: 900, net: 210, vat: 19),
        VATAmount(category: .zero, rateBp: 0, net: 5000, vat: 0),
        VATAmount(category: .exempt, rateBp: 0, net: 0, vat: 0),  // nets to 0 but still listed
      ])
    let perLine = lines.reduce(Int64(0)) { $0 + Pricing.vat(onNet: $1.net, rateBp: $1.rateBp) }
    #expect(perLine == 81)
    let totals = Pricing.totals(breakdown)
    #expect(totals == (net: 5516, vat: 83, gross: 5599))
    #expect(Pricing.breakdown([]) == [])
  }

  @Test("the VAT table gives the standard and reduced rates and 0 for zero, exempt and reverse charge")
  func vatTable() {
    let dutch = VATTable()
    #expect(VATCategory.allCases.map { dutch.rateBp(for: $0) } == [2100, 900, 0, 0, 0])
    let custom = VATTable(standardBp: 1900, reducedBp: 700)
    #expect(custom.rateBp(for: .standard) == 1900)
    #expect(custom.rateBp(for: .reduced) == 700)
    #expect(custom.rateBp(for: .reverseCharge) == 0)
  }
}
