/// Line amounts, discounts and VAT in integer minor units.
///
/// Products are computed exactly in `Int128` and rounded once, half away from zero, at the end.
/// Rates and discounts are in basis points (10000 = 100 %).
public enum Pricing: Sendable {
  /// `numerator / denominator` rounded half away from zero: 5/2 → 3, −5/2 → −3, 4/3 → 1.
  ///
  /// `denominator` must not be 0 (a negative one flips the sign as usual) and the rounded
  /// quotient must fit in `Int64`.
  public static func divideHalfUp(_ numerator: Int128, by denominator: Int128) -> Int64 {
    precondition(denominator != 0, "division by zero")
    var quotient = numerator / denominator
    let remainder = (numerator % denominator).magnitude
    if remainder != 0, remainder >= denominator.magnitude - remainder {
      quotient += (numerator < 0) == (denominator < 0) ? 1 : -1
    }
    return Int64(quotient)
  }

  /// `quantity × unitPriceMinor × days × (10000 − discountBp) / 10000`, computed exactly and
  /// rounded half away from zero once.
  public static func netAmount(quantity: Int, unitPriceMinor: Int64, days: Int, discountBp: Int) -> Int64 {
    let gross = Int128(quantity) * Int128(unitPriceMinor) * Int128(days)
    return Self.divideHalfUp(gross * Int128(10_000 - discountBp), by: 10_000)
  }

  /// The VAT on `net` at `rateBp`: `net × rateBp / 10000`, rounded half away from zero.
  public static func vat(onNet net: Int64, rateBp: Int) -> Int64 {
    Self.share(net, bp: rateBp)
  }

  /// `amount × bp / 10000`, rounded half away from zero (a deposit or commission share).
  public static func share(_ amount: Int64, bp: Int) -> Int64 {
    Self.divideHalfUp(Int128(amount) * Int128(bp), by: 10_000)
  }

  /// The VAT breakdown of an invoice: lines grouped by category and rate, the net summed per
  /// group and the VAT computed once per group (invoice-level rounding per rate, as Moneybird
  /// and Exact do), sorted by rate descending, then by category.
  ///
  /// A group is listed even when its net adds up to 0.
  public static func breakdown(_ lines: [VATLine]) -> [VATAmount] {
    struct Group: Hashable {
      var category: VATCategory
      var rateBp: Int
    }
    var nets: [Group: Int64] = [:]
    for line in lines {
      nets[Group(category: line.category, rateBp: line.rateBp), default: 0] += line.net
    }
    return
      nets
      .map { group, net in
        VATAmount(category: group.category, rateBp: group.rateBp, net: net, vat: Self.vat(onNet: net, rateBp: group.rateBp))
      }
      .sorted { $0.rateBp != $1.rateBp ? $0.rateBp > $1.rateBp : $0.category.rawValue < $1.category.rawValue }
  }

  /// The sums of a breakdown's net and VAT, and their total (gross).
  public static func totals(_ breakdown: [VATAmount]) -> (net: Int64, vat: Int64, gross: Int64) {
    let net = breakdown.reduce(Int64(0)) { $0 + $1.net }
    let vat = breakdown.reduce(Int64(0)) { $0 + $1.vat }
    return (net, vat, net + vat)
  }
}
