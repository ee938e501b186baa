/// One row of an invoice's VAT breakdown: the net of every line with the same category and
/// rate, and the VAT on that net, rounded once.
public struct VATAmount: Sendable, Hashable {
  /// The VAT treatment of the group.
  public var category: VATCategory
  /// The rate in basis points of the group (2100 = 21 %).
  public var rateBp: Int
  /// The sum of the net amounts of the group's lines, in minor units.
  public var net: Int64
  /// The VAT on `net` at `rateBp`, rounded half away from zero, in minor units.
  public var vat: Int64

  /// A breakdown row; ``Pricing/breakdown(_:)`` computes these from invoice lines.
  public init(category: VATCategory, rateBp: Int, net: Int64, vat: Int64) {
    self.category = category
    self.rateBp = rateBp
    self.net = net
    self.vat = vat
  }
}
