public import Foundation

/// One event for the audit log, before it is written: who did what to which record, and how it
/// ended. Secrets never go into an entry.
public struct AuditEntry: Sendable, Hashable {
  /// `usr_…`, `key_…`, or `system`.
  public var actorID: String
  /// The actor's name at the time.
  public var actorName: String
  /// The RPC (`rentguy.identity.v1.IdentityService/CreateUser`) or event (`auth.login.failed`).
  public var action: String
  /// The record concerned, if any.
  public var resourceID: String
  /// The gRPC status code name of the outcome, "OK" on success.
  public var outcome: String
  /// The request's correlation id.
  public var requestID: String
  public var clientAddress: String
  /// A short, secret-free summary.
  public var summary: String

  public init(
    actorID: String,
    actorName: String = "",
    action: String,
    resourceID: String = "",
    outcome: String = "OK",
    requestID: String = AuditEntry.currentRequestID ?? "",
    clientAddress: String = "",
    summary: String = ""
  ) {
    self.actorID = actorID
    self.actorName = actorName
    self.action = action
    self.resourceID = resourceID
    self.outcome = outcome
    self.requestID = requestID
    self.clientAddress = clientAddress
    self.summary = summary
  }
}

extension AuditEntry {
  /// The correlation id of the request this task serves (`x-request-id`, or one the server
  /// made): audit entries made in the task carry it unless given another.
  @TaskLocal public static var currentRequestID: String?
}

/// An event as the audit log stores it.
public struct AuditEvent: Sendable, Hashable {
  public var id: String
  public var occurredAt: Date
  public var entry: AuditEntry
  public var previousHash: Data
  public var hash: Data
}

/// What ``AuditLog/verify(in:)`` found.
public struct AuditVerification: Sendable, Hashable {
  /// Every hash and link matched.
  public var intact: Bool
  public var eventsChecked: Int
  /// The first event whose hash or link does not match.
  public var firstBrokenEventID: String?
  public var problem: String?
}

/// Which audit events to list; `nil` means any.
public struct AuditFilter: Sendable, Hashable {
  public var actorID: String?
  public var actionPrefix: String?
  public var resourceID: String?
  public var from: Date?
  public var until: Date?

  public init(actorID: String? = nil, actionPrefix: String? = nil, resourceID: String? = nil, from: Date? = nil, until: Date? = nil) {
    self.actorID = actorID
    self.actionPrefix = actionPrefix
    self.resourceID = resourceID
    self.from = from
    self.until = until
  }
}
