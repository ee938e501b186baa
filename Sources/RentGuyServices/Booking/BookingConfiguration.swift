public import Foundation
public import RentGuyRules

/// What the booking service needs to know about the business, with defaults for a Dutch
/// rental company.
public struct BookingConfiguration: Sendable {
  /// Time zone of bookings that name none (billable days, invoice dates).
  public var timeZone: TimeZone = TimeZone(identifier: "Europe/Amsterdam")!
  /// The currency of every booking.
  public var currency = "EUR"
  /// VAT rates by category.
  public var vat = VATTable()
  /// How long a quote stands when SendQuote names no date.
  public var quoteValidity: Duration = .seconds(14 * 86_400)
  /// Days between an invoice's issue date and its due date.
  public var paymentTermDays = 14
  /// A watcher gets a heartbeat after this long without an event.
  public var heartbeat: Duration = .seconds(10)
  /// Booking events older than this are removed; resuming before them is OUT_OF_RANGE.
  public var eventRetentionDays = 400
  /// Prefix of booking numbers ("RG-2026-00042").
  public var bookingNumberPrefix = "RG-"

  public init() {}
}
