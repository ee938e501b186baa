/// A quantity of one product that a booking keeps from the stock during a window.
public struct StockHold: Sendable, Hashable {
  /// The booking that holds the stock.
  public var bookingID: String
  /// When the stock is held (half-open).
  public var window: TimeWindow
  /// How many units are held.
  public var quantity: Int

  /// A hold of `quantity` units by `bookingID` during `window`.
  public init(bookingID: String, window: TimeWindow, quantity: Int) {
    self.bookingID = bookingID
    self.window = window
    self.quantity = quantity
  }
}
