/// The VAT treatment of an invoice or charge line; raw values are stored and sent over the wire.
public enum VATCategory: Int, Sendable, Hashable, CaseIterable {
  /// The standard rate (21 % in the Netherlands).
  case standard = 1
  /// The reduced rate (9 % in the Netherlands).
  case reduced = 2
  /// Taxed at 0 % (for example exports outside the EU).
  case zero = 3
  /// Exempt from VAT.
  case exempt = 4
  /// VAT reverse-charged to the customer (intra-EU business supplies).
  case reverseCharge = 5
}
