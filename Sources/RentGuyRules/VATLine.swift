/// The net amount of one invoice line with its VAT treatment, the input to a VAT breakdown.
public struct VATLine: Sendable, Hashable {
  /// The VAT treatment of the line.
  public var category: VATCategory
  /// The rate in basis points that applies to the line (2100 = 21 %).
  public var rateBp: Int
  /// The net amount of the line in minor units.
  public var net: Int64

  /// A line of `net` minor units taxed as `category` at `rateBp`.
  public init(category: VATCategory, rateBp: Int, net: Int64) {
    self.category = category
    self.rateBp = rateBp
    self.net = net
  }
}
