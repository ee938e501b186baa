import Foundation
import GRDB

/// Payments, provider events, webhooks and jobs on the same connection as the booking domain.
extension SQLBookingDatabase: IntegrationDatabase {
  // MARK: - Payments

  private static let paymentColumns = """
    id, booking_id, provider, purpose, status, amount_minor, currency, refunded_minor, charged_back_minor, dispute, description,
    provider_payment_id, provider_intent_id, checkout_url, return_url, method, failure_reason, created_at, updated_at, paid_at, expires_at,
    version
    """

  /// Payments matching `filter`, by id (ascending).
  func payments(where filter: SQLFilter, limit: Int) throws -> [StoredPayment] {
    try Row.fetchAll(
      self.db, sql: "SELECT \(Self.paymentColumns) FROM payments \(filter.clause) ORDER BY id LIMIT \(max(1, limit))", arguments: filter.arguments
    ).map(Self.payment)
  }

  private static func payment(_ row: Row) -> StoredPayment {
    var payment = StoredPayment(
      id: row[0], bookingID: row[1], provider: row[2], purpose: row[3], status: row[4], amountMinor: row[5], currency: row[6],
      description: row[10], returnURL: row[14], createdAt: row[17]
    )
    payment.refundedMinor = row[7]
    payment.chargedBackMinor = row[8]
    payment.dispute = row[9]
    payment.providerPaymentID = row[11]
    payment.providerIntentID = row[12]
    payment.checkoutURL = row[13]
    payment.method = row[15]
    payment.failureReason = row[16]
    payment.updatedAt = row[18]
    payment.paidAt = row[19]
    payment.expiresAt = row[20]
    payment.version = row[21]
    return payment
  }

  private static func paymentArguments(_ p: StoredPayment) -> StatementArguments {
    [
      p.id, p.bookingID, p.provider, p.purpose, p.status, p.amountMinor, p.currency, p.refundedMinor, p.chargedBackMinor, p.dispute,
      p.description, p.providerPaymentID, p.providerIntentID, p.checkoutURL, p.returnURL, p.method, p.failureReason, p.createdAt,
      p.updatedAt, p.paidAt, p.expiresAt, p.version,
    ]
  }

  func insertPayment(_ payment: StoredPayment) throws {
    try self.db.cachedStatement(
      sql: "INSERT INTO payments (\(Self.paymentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ).execute(arguments: Self.paymentArguments(payment))
  }

  func payment(_ id: String) throws -> StoredPayment? {
    try Row.fetchOne(
      self.db.cachedStatement(
        sql: """
          SELECT \(Self.paymentColumns) FROM payments WHERE id = ?1
          UNION ALL SELECT \(Self.paymentColumns) FROM payments WHERE provider_payment_id = ?1
          UNION ALL SELECT \(Self.paymentColumns) FROM payments WHERE provider_intent_id = ?1
          LIMIT 1
          """
      ),
      arguments: [id]
    ).map(Self.payment)
  }

  func updatePayment(_ payment: StoredPayment) throws {
    try self.db.cachedStatement(
      sql: """
        UPDATE payments SET status = ?, refunded_minor = ?, charged_back_minor = ?, dispute = ?, provider_payment_id = ?,
          provider_intent_id = ?, checkout_url = ?, method = ?, failure_reason = ?, updated_at = ?, paid_at = ?, expires_at = ?,
          version = version + 1
        WHERE id = ?
        """
    ).execute(arguments: [
      payment.status, payment.refundedMinor, payment.chargedBackMinor, payment.dispute, payment.providerPaymentID, payment.providerIntentID,
      payment.checkoutURL, payment.method, payment.failureReason, payment.updatedAt, payment.paidAt, payment.expiresAt, payment.id,
    ])
  }

  func payments(bookingID: String?, statuses: [Int], provider: Int?, period: (start: Int64, end: Int64)?, before: String, limit: Int) throws
    -> [StoredPayment]
  {
    var filter = SQLFilter()
    filter.before(before)
    filter.equals("booking_id", bookingID)
    filter.among("status", statuses)
    filter.equals("provider", provider)
    if let period { filter.add("created_at >= ? AND created_at < ?", period.start, period.end) }
    return try Row.fetchAll(
      self.db, sql: "SELECT \(Self.paymentColumns) FROM payments \(filter.clause) ORDER BY id DESC LIMIT \(max(1, limit))",
      arguments: filter.arguments
    ).map(Self.payment)
  }

  // MARK: - Refunds

  private static let refundColumns = """
    id, payment_id, booking_id, status, amount_minor, currency, reason, provider_refund_id, failure_reason, created_at, updated_at
    """

  private static func refund(_ row: Row) -> StoredRefund {
    var refund = StoredRefund(
      id: row[0], paymentID: row[1], bookingID: row[2], status: row[3], amountMinor: row[4], currency: row[5], reason: row[6], createdAt: row[9]
    )
    refund.providerRefundID = row[7]
    refund.failureReason = row[8]
    refund.updatedAt = row[10]
    return refund
  }

  func insertRefund(_ refund: StoredRefund) throws {
    try self.db.cachedStatement(sql: "INSERT INTO refunds (\(Self.refundColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
      refund.id, refund.paymentID, refund.bookingID, refund.status, refund.amountMinor, refund.currency, refund.reason, refund.providerRefundID,
      refund.failureReason, refund.createdAt, refund.updatedAt,
    ])
  }

  func refund(_ id: String) throws -> StoredRefund? {
    try Row.fetchOne(
      self.db.cachedStatement(
        sql: """
          SELECT \(Self.refundColumns) FROM refunds WHERE id = ?1
          UNION ALL SELECT \(Self.refundColumns) FROM refunds WHERE provider_refund_id = ?1
          LIMIT 1
          """
      ),
      arguments: [id]
    ).map(Self.refund)
  }

  func updateRefund(_ refund: StoredRefund) throws {
    try self.db.cachedStatement(sql: "UPDATE refunds SET status = ?, provider_refund_id = ?, failure_reason = ?, updated_at = ? WHERE id = ?")
      .execute(arguments: [refund.status, refund.providerRefundID, refund.failureReason, refund.updatedAt, refund.id])
  }

  func refunds(paymentID: String?, bookingID: String?, before: String, limit: Int) throws -> [StoredRefund] {
    var filter = SQLFilter()
    filter.before(before)
    filter.equals("payment_id", paymentID)
    filter.equals("booking_id", bookingID)
    return try Row.fetchAll(
      self.db, sql: "SELECT \(Self.refundColumns) FROM refunds \(filter.clause) ORDER BY id DESC LIMIT \(max(1, limit))",
      arguments: filter.arguments
    ).map(Self.refund)
  }

  // MARK: - Inbound provider events

  func recordProviderEvent(provider: String, eventID: String, payload: [UInt8], at: Int64) throws -> Bool {
    try self.db.cachedStatement(
      sql: "INSERT INTO webhook_events (provider, event_id, received_at, payload) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
    ).execute(arguments: [provider, eventID, at, Data(payload)])
    return self.db.changesCount == 1
  }

  func providerEvent(provider: String, eventID: String) throws -> [UInt8]? {
    try Data.fetchOne(
      self.db.cachedStatement(sql: "SELECT payload FROM webhook_events WHERE provider = ? AND event_id = ?"), arguments: [provider, eventID]
    ).map { [UInt8]($0) }
  }

  func markProviderEvent(provider: String, eventID: String, outcome: String, at: Int64) throws {
    try self.db.cachedStatement(sql: "UPDATE webhook_events SET processed_at = ?, outcome = ? WHERE provider = ? AND event_id = ?")
      .execute(arguments: [at, outcome, provider, eventID])
  }

  // MARK: - Outbound webhooks

  private static let endpointColumns = """
    id, url, event_types, description, enabled, secret, previous_secret, previous_secret_expires_at, version, created_at, updated_at
    """

  private static func endpoint(_ row: Row) -> StoredEndpoint {
    let types: String = row[2]
    var endpoint = StoredEndpoint(
      id: row[0], url: row[1], eventTypes: types.split(separator: " ").map(String.init), description: row[3], secret: row[5], createdAt: row[9]
    )
    endpoint.enabled = row[4]
    endpoint.previousSecret = row[6]
    endpoint.previousSecretExpiresAt = row[7]
    endpoint.version = row[8]
    endpoint.updatedAt = row[10]
    return endpoint
  }

  func insertEndpoint(_ endpoint: StoredEndpoint) throws {
    try self.db.execute(
      sql: "INSERT INTO webhook_endpoints (\(Self.endpointColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        endpoint.id, endpoint.url, endpoint.eventTypes.joined(separator: " "), endpoint.description, endpoint.enabled, endpoint.secret,
        endpoint.previousSecret, endpoint.previousSecretExpiresAt, endpoint.version, endpoint.createdAt, endpoint.updatedAt,
      ]
    )
  }

  func endpoint(_ id: String) throws -> StoredEndpoint? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT \(Self.endpointColumns) FROM webhook_endpoints WHERE id = ?"), arguments: [id])
      .map(Self.endpoint)
  }

  func endpoints(after: String, limit: Int) throws -> [StoredEndpoint] {
    try Row.fetchAll(
      self.db, sql: "SELECT \(Self.endpointColumns) FROM webhook_endpoints WHERE id > ? ORDER BY id LIMIT \(max(1, limit))", arguments: [after]
    ).map(Self.endpoint)
  }

  func updateEndpoint(_ endpoint: StoredEndpoint) throws {
    try self.db.execute(
      sql: """
        UPDATE webhook_endpoints SET url = ?, event_types = ?, description = ?, enabled = ?, secret = ?, previous_secret = ?,
          previous_secret_expires_at = ?, version = version + 1, updated_at = ?
        WHERE id = ?
        """,
      arguments: [
        endpoint.url, endpoint.eventTypes.joined(separator: " "), endpoint.description, endpoint.enabled, endpoint.secret, endpoint.previousSecret,
        endpoint.previousSecretExpiresAt, endpoint.updatedAt, endpoint.id,
      ]
    )
  }

  func deleteEndpoint(_ id: String) throws {
    try self.db.execute(sql: "DELETE FROM webhook_endpoints WHERE id = ?", arguments: [id])
  }

  private static let deliveryColumns = "id, endpoint_id, event_type, event_sequence, status, payload, attempts, created_at, delivered_at"

  private static func delivery(_ row: Row) -> StoredDelivery {
    var delivery = StoredDelivery(
      id: row[0], endpointID: row[1], eventType: row[2], eventSequence: row[3], status: row[4], payload: row[5], createdAt: row[7]
    )
    let attempts: String = row[6]
    delivery.attempts = (try? JSONDecoder().decode([StoredDeliveryAttempt].self, from: Data(attempts.utf8))) ?? []
    delivery.deliveredAt = row[8]
    return delivery
  }

  func insertDelivery(_ delivery: StoredDelivery) throws {
    try self.db.cachedStatement(sql: "INSERT INTO webhook_deliveries (\(Self.deliveryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(
      arguments: [
        delivery.id, delivery.endpointID, delivery.eventType, delivery.eventSequence, delivery.status, delivery.payload,
        Self.attemptsJSON(delivery.attempts), delivery.createdAt, delivery.deliveredAt,
      ]
    )
  }

  func delivery(_ id: String) throws -> StoredDelivery? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = ?"), arguments: [id])
      .map(Self.delivery)
  }

  func updateDelivery(_ delivery: StoredDelivery) throws {
    try self.db.cachedStatement(sql: "UPDATE webhook_deliveries SET status = ?, attempts = ?, delivered_at = ? WHERE id = ?").execute(
      arguments: [delivery.status, Self.attemptsJSON(delivery.attempts.suffix(20)), delivery.deliveredAt, delivery.id]
    )
  }

  func deliveries(endpointID: String?, statuses: [Int], eventType: String?, before: String, limit: Int) throws -> [StoredDelivery] {
    var filter = SQLFilter()
    filter.before(before)
    filter.equals("endpoint_id", endpointID)
    filter.among("status", statuses)
    filter.equals("event_type", eventType)
    return try Row.fetchAll(
      self.db,
      sql: """
        SELECT id, endpoint_id, event_type, event_sequence, status, '', '[]', created_at, delivered_at FROM webhook_deliveries
        \(filter.clause) ORDER BY id DESC LIMIT \(max(1, limit))
        """,
      arguments: filter.arguments
    ).map(Self.delivery)
  }

  private static func attemptsJSON<S: Sequence<StoredDeliveryAttempt>>(_ attempts: S) -> String {
    (try? JSONEncoder().encode(Array(attempts))).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }

  func cursor(_ name: String) throws -> Int64 {
    try Int64.fetchOne(self.db.cachedStatement(sql: "SELECT position FROM cursors WHERE name = ?"), arguments: [name]) ?? 0
  }

  func setCursor(_ name: String, to position: Int64) throws {
    try self.db.cachedStatement(
      sql: "INSERT INTO cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position"
    ).execute(arguments: [name, position])
  }

  // MARK: - Jobs

  func enqueue(_ job: NewJob) throws -> Job {
    try JobQueue.enqueue(job, in: self.db)
  }

  func leaseJobs(queue: String, owner: String, limit: Int, leaseDuration: Duration) throws -> [Job] {
    try JobQueue.lease(queue: queue, owner: owner, limit: limit, leaseDuration: leaseDuration, in: self.db)
  }

  func hasWaitingJob(kind: String, resourceID: String) throws -> Bool {
    try Bool.fetchOne(
      self.db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE resource_id = ? AND kind = ? AND state IN ('pending', 'retrying'))"),
      arguments: [resourceID, kind]
    ) ?? false
  }

  func completeJob(_ job: Job) throws {
    try JobQueue.complete(job, in: self.db)
  }

  func failJob(_ job: Job, error: String, retryable: Bool, policy: RetryPolicy, retryAfter: Duration?) throws -> Job {
    try JobQueue.fail(job, error: error, retryable: retryable, policy: policy, retryAfter: retryAfter, in: self.db)
  }
}
