/// Payments, refunds, inbound provider events, outbound webhooks and the job queue as one
/// transaction sees them, beside the booking domain's records (a payment changes its booking's
/// payment status and event log in the same transaction).
public protocol IntegrationDatabase: BookingDatabase, ExportDatabase {
  // MARK: Payments
  func insertPayment(_ payment: StoredPayment) throws
  /// By `pay_…` id, or by the provider's id (session, intent or Mollie payment).
  func payment(_ id: String) throws -> StoredPayment?
  /// Stores the payment (its version increases by one).
  func updatePayment(_ payment: StoredPayment) throws
  /// Newest first; `before` is the last id of the previous page ("" for the first).
  func payments(bookingID: String?, statuses: [Int], provider: Int?, period: (start: Int64, end: Int64)?, before: String, limit: Int) throws
    -> [StoredPayment]
  func insertRefund(_ refund: StoredRefund) throws
  /// By `rfd_…` id, or by the provider's refund id.
  func refund(_ id: String) throws -> StoredRefund?
  func updateRefund(_ refund: StoredRefund) throws
  func refunds(paymentID: String?, bookingID: String?, before: String, limit: Int) throws -> [StoredRefund]

  // MARK: Inbound provider events
  /// Stores an event once per (provider, event id); false when it was stored before.
  func recordProviderEvent(provider: String, eventID: String, payload: [UInt8], at: Int64) throws -> Bool
  /// The stored event's payload.
  func providerEvent(provider: String, eventID: String) throws -> [UInt8]?
  func markProviderEvent(provider: String, eventID: String, outcome: String, at: Int64) throws

  // MARK: Outbound webhooks
  func insertEndpoint(_ endpoint: StoredEndpoint) throws
  func endpoint(_ id: String) throws -> StoredEndpoint?
  func endpoints(after: String, limit: Int) throws -> [StoredEndpoint]
  /// Stores the endpoint (its version increases by one).
  func updateEndpoint(_ endpoint: StoredEndpoint) throws
  func deleteEndpoint(_ id: String) throws
  func insertDelivery(_ delivery: StoredDelivery) throws
  func delivery(_ id: String) throws -> StoredDelivery?
  func updateDelivery(_ delivery: StoredDelivery) throws
  /// Newest first, without payload and attempts.
  func deliveries(endpointID: String?, statuses: [Int], eventType: String?, before: String, limit: Int) throws -> [StoredDelivery]
  /// A named position (e.g. the webhook dispatcher's place in the booking event log); 0 when unset.
  func cursor(_ name: String) throws -> Int64
  func setCursor(_ name: String, to position: Int64) throws

  // MARK: Jobs
  /// Adds a job that commits with this transaction.
  @discardableResult
  func enqueue(_ job: NewJob) throws -> Job
  /// Leases due jobs of `queue` in this transaction (see ``JobQueue/lease(queue:owner:limit:leaseDuration:now:)``).
  func leaseJobs(queue: String, owner: String, limit: Int, leaseDuration: Duration) throws -> [Job]
  /// Whether a job of `kind` for `resourceID` waits to run (pending or retrying).
  func hasWaitingJob(kind: String, resourceID: String) throws -> Bool
  /// Marks a leased job done in this transaction (with its effect).
  func completeJob(_ job: Job) throws
  /// Records a failed attempt of a leased job in this transaction (see ``JobQueue/fail(_:error:retryable:policy:retryAfter:now:random:)``).
  func failJob(_ job: Job, error: String, retryable: Bool, policy: RetryPolicy, retryAfter: Duration?) throws -> Job
}
