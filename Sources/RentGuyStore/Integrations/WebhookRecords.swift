/// An outbound webhook endpoint as stored (its secrets included: never returned by an RPC).
public struct StoredEndpoint: Sendable, Equatable {
  /// `whe_…`
  public var id: String
  public var url: String
  /// "booking.confirmed", …, or "*".
  public var eventTypes: [String]
  public var description: String
  public var enabled: Bool
  public var secret: String
  /// A rotated secret that still signs until `previousSecretExpiresAt`.
  public var previousSecret: String?
  public var previousSecretExpiresAt: Int64?
  public var version: Int64
  public var createdAt: Int64
  public var updatedAt: Int64

  public init(id: String, url: String, eventTypes: [String], description: String, secret: String, createdAt: Int64) {
    self.id = id
    self.url = url
    self.eventTypes = eventTypes
    self.description = description
    self.enabled = true
    self.secret = secret
    self.version = 1
    self.createdAt = createdAt
    self.updatedAt = createdAt
  }

  /// Whether this endpoint wants events of `type`.
  public func subscribes(to type: String) -> Bool {
    self.enabled && (self.eventTypes.contains("*") || self.eventTypes.contains(type))
  }

  /// The secrets that sign a delivery at `now`.
  public func signingSecrets(now: Int64) -> [String] {
    if let previous = self.previousSecret, let until = self.previousSecretExpiresAt, until > now { return [self.secret, previous] }
    return [self.secret]
  }
}

/// One try at delivering a webhook.
public struct StoredDeliveryAttempt: Sendable, Equatable, Codable {
  public var at: Int64
  public var httpStatus: Int
  public var error: String
  public var durationMs: Int

  public init(at: Int64, httpStatus: Int, error: String, durationMs: Int) {
    self.at = at
    self.httpStatus = httpStatus
    self.error = error
    self.durationMs = durationMs
  }
}

/// A webhook delivery as stored.
public struct StoredDelivery: Sendable, Equatable {
  /// `whd_…`: also the `webhook-id`.
  public var id: String
  public var endpointID: String
  public var eventType: String
  public var eventSequence: Int64
  /// webhooks.v1.DeliveryStatus
  public var status: Int
  /// The JSON body.
  public var payload: String
  public var attempts: [StoredDeliveryAttempt]
  public var createdAt: Int64
  public var deliveredAt: Int64?

  public init(id: String, endpointID: String, eventType: String, eventSequence: Int64, status: Int, payload: String, createdAt: Int64) {
    self.id = id
    self.endpointID = endpointID
    self.eventType = eventType
    self.eventSequence = eventSequence
    self.status = status
    self.payload = payload
    self.attempts = []
    self.createdAt = createdAt
  }
}
