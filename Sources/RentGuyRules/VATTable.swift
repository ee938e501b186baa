/// The VAT rates in force, in basis points (2100 = 21 %).
public struct VATTable: Sendable, Hashable {
  /// The standard rate in basis points (21 % by default).
  public var standardBp: Int = 2100
  /// The reduced rate in basis points (9 % by default).
  public var reducedBp: Int = 900

  /// The Dutch rates: 21 % standard, 9 % reduced.
  public init() {}

  /// A table with the given standard and reduced rates in basis points.
  public init(standardBp: Int, reducedBp: Int) {
    self.standardBp = standardBp
    self.reducedBp = reducedBp
  }

  /// The rate in basis points for `category`; 0 for zero-rated, exempt and reverse-charged lines.
  public func rateBp(for category: VATCategory) -> Int {
    switch category {
    case .standard: self.standardBp
    case .reduced: self.reducedBp
    case .zero, .exempt, .reverseCharge: 0
    }
  }
}
