import Foundation
import GRPCCore
public import RentGuyProto
import RentGuyRules
public import RentGuyStore
import SwiftProtobuf

/// BookingService: catalog, availability, leads, customers, bookings and their lines, invoices,
/// crew planning and the booking event stream. The rules without I/O (lifecycle, money, VAT,
/// availability, billable days) are RentGuyRules'; this type loads and stores records through
/// ``BookingRepository``, one transaction per mutation, with its audit event and booking event
/// in that same transaction.
public struct BookingService: Rentguy_Booking_V1_BookingService.SimpleServiceProtocol {
  let repository: any BookingRepository
  let configuration: BookingConfiguration
  let feed: BookingEventFeed

  static let service = "rentguy.booking.v1.BookingService/"

  public init(repository: any BookingRepository, configuration: BookingConfiguration = BookingConfiguration(), feed: BookingEventFeed) {
    self.repository = repository
    self.configuration = configuration
    self.feed = feed
  }

  /// Runs a mutation in one transaction, then wakes event watchers.
  func mutate<T: Sendable>(
    _ method: String, _ context: ServerContext, _ body: @escaping @Sendable (any BookingDatabase, Mutation) throws -> T
  ) async throws -> T {
    let mutation = Mutation(method: Self.service + method, clientAddress: context.remotePeer)
    let result = try await self.repository.write { db in try body(db, mutation) }
    if mutation.wroteEvents { self.feed.notify() }
    return result
  }

  /// The caller, who must be known (every booking RPC needs a credential).
  static func caller() throws -> Principal {
    guard let principal = Principal.current else { throw BookingError(.unauthenticated, "no credential", reason: .credentialMissing) }
    return principal
  }

  /// Throws PERMISSION_DENIED unless the caller has `permission` (an override inside an RPC).
  static func require(_ permission: String, for what: String) throws {
    guard try Self.caller().permissions.contains(permission) else { throw BookingError.permission(permission, what) }
  }

  /// The contract's page size: 0 means 50, at most 500 (the same rule for every service).
  static func pageSize(_ requested: Int32) throws -> Int {
    try PageToken.size(requested)
  }

  static func pageStart(_ token: String) throws -> String {
    do { return try PageToken.decode(token) ?? "" } catch { throw BookingError.invalidArgument("page_token", "is not a token this server returned") }
  }

  /// The page of `items` (fetched with one extra) and the token of the next page.
  static func page<T>(_ items: [T], size: Int, id: (T) -> String) -> (items: ArraySlice<T>, next: String) {
    let page = items.prefix(size)
    guard items.count > size, let last = page.last else { return (page, "") }
    return (page, PageToken.encode(id(last)))
  }

  /// A time zone by IANA name; empty is the server's.
  func timeZone(_ name: String, field: String) throws -> TimeZone {
    guard !name.isEmpty else { return self.configuration.timeZone }
    guard let zone = TimeZone(identifier: name) else { throw BookingError.invalidArgument(field, "'\(name)' is not an IANA time zone") }
    return zone
  }

  /// An amount in the server's currency, not negative unless `allowNegative`.
  func money(_ money: Rentguy_Common_V1_Money, field: String) throws -> Int64 {
    guard money.currency.isEmpty || money.currency == self.configuration.currency else {
      throw BookingError.invalidArgument("\(field).currency", "must be \(self.configuration.currency) (one currency per server)")
    }
    guard money.amountMinor >= 0 else { throw BookingError.invalidArgument("\(field).amount_minor", "must not be negative") }
    guard money.amountMinor <= 100_000_000_000 else { throw BookingError.invalidArgument("\(field).amount_minor", "is too large") }
    return money.amountMinor
  }

  /// Reads a record by a required id.
  static func required(_ id: String, field: String) throws -> String {
    let trimmed = id.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { throw BookingError.invalidArgument(field, "must not be empty") }
    return trimmed
  }
}

/// One mutation's context inside its transaction: who, when, and the events and audit entries
/// it writes.
final class Mutation: @unchecked Sendable {
  let method: String
  let clientAddress: String
  let now: Int64
  let actorID: String
  let actorName: String
  /// The call's idempotency key, when it has one: the response is handed to it inside the
  /// transaction, so that key and response commit with the change (one commit per call).
  let claim: IdempotencyClaim?
  /// Set when the mutation appended a booking event (read after the commit).
  private(set) var wroteEvents = false

  init(method: String, clientAddress: String) {
    self.method = method
    self.clientAddress = clientAddress
    self.now = Date().millisecondsSince1970
    let principal = Principal.current
    self.actorID = principal?.id ?? "system"
    self.actorName = principal?.displayName ?? ""
    self.claim = IdempotencyClaim.current
  }

  /// Keeps `response` for replays of this call's idempotency key; returns it.
  func respond<Response: SwiftProtobuf.Message>(_ response: Response) throws -> Response {
    if let claim = self.claim { claim.prepareResponse(Data(try response.serializedBytes() as [UInt8])) }
    return response
  }

  private var built: (key: String, booking: Rentguy_Booking_V1_Booking)?

  /// The contract's booking for `booking` as it is now, built once for its event and response.
  func proto(_ booking: StoredBooking) -> Rentguy_Booking_V1_Booking {
    let key = "\(booking.id)#\(booking.version)#\(booking.updatedAt)#\(booking.invoiceIDs.count)"
    if let built, built.key == key { return built.booking }
    let made = Rentguy_Booking_V1_Booking(booking)
    self.built = (key, made)
    return made
  }

  /// Appends the booking event `type` with the booking as it is now.
  func event(_ type: Rentguy_Booking_V1_BookingEventType, _ booking: StoredBooking, in db: any BookingDatabase) throws {
    let snapshot: [UInt8] = try self.proto(booking).serializedBytes()
    try db.appendEvent(type: type.rawValue, bookingID: booking.id, at: self.now, actorID: self.actorID, actorName: self.actorName, snapshot: snapshot)
    self.wroteEvents = true
  }

  /// Appends the audit event of this mutation.
  func audit(_ resource: String, _ summary: String, in db: any BookingDatabase) throws {
    try db.appendAudit(
      AuditEntry(
        actorID: self.actorID, actorName: self.actorName, action: self.method, resourceID: resource, clientAddress: self.clientAddress,
        summary: summary
      ),
      at: self.now
    )
  }
}
