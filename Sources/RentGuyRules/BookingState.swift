/// Where a booking is in its life; raw values equal the protobuf `BookingState` numbers.
public enum BookingState: Int, Sendable, Hashable, CaseIterable {
  /// Being put together; holds no stock.
  case draft = 1
  /// Sent to the customer as a quote; a tentative hold on the stock.
  case quote = 2
  /// Confirmed by the customer; holds stock.
  case confirmed = 3
  /// Some of the items have left the warehouse.
  case checkedOutPartially = 4
  /// Every item has left the warehouse.
  case checkedOut = 5
  /// Every item is back; still holds stock until it is closed (for inspection and cleaning).
  case returned = 6
  /// Finished; nothing can change any more.
  case closed = 7
  /// Called off before anything went out.
  case canceled = 8
  /// A quote the customer did not accept in time.
  case expired = 9

  /// The protobuf enum value name without its prefix, as used in messages: "CHECKED_OUT_PARTIALLY".
  public var name: String {
    switch self {
    case .draft: "DRAFT"
    case .quote: "QUOTE"
    case .confirmed: "CONFIRMED"
    case .checkedOutPartially: "CHECKED_OUT_PARTIALLY"
    case .checkedOut: "CHECKED_OUT"
    case .returned: "RETURNED"
    case .closed: "CLOSED"
    case .canceled: "CANCELED"
    case .expired: "EXPIRED"
    }
  }

  /// Whether the booking's rental lines hold stock firmly (confirmed up to returned).
  public var holdsStock: Bool {
    switch self {
    case .confirmed, .checkedOutPartially, .checkedOut, .returned: true
    case .draft, .quote, .closed, .canceled, .expired: false
    }
  }

  /// Whether the booking is a quote, whose lines count as tentative holds.
  public var isQuote: Bool { self == .quote }
}
