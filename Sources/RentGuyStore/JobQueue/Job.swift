public import Foundation
public import GRDB

/// A unit of outbound work in the durable job queue.
public struct Job: Sendable, Hashable {
  /// `job_…`
  public var id: String
  /// The queue, one per kind of outbound work: "payments.stripe", "export.moneybird", ….
  public var queue: String
  /// What the job does, e.g. "stripe.create_checkout"; the worker's dispatch key.
  public var kind: String
  /// The record the job concerns (`pay_…`, `exp_…`), for lookups and operators.
  public var resourceID: String
  /// What the worker needs, encoded by the producer (usually a protobuf message).
  public var payload: Data
  public var state: JobState
  /// Attempts started so far (a lease starts one).
  public var attempts: Int
  public var maxAttempts: Int
  /// When the job is due (pending, retrying).
  public var runAt: Date
  /// The worker holding the lease, while running.
  public var leaseOwner: String?
  public var leaseExpiresAt: Date?
  public var createdAt: Date
  public var updatedAt: Date
  public var finishedAt: Date?
  /// The last failure, for operators.
  public var lastError: String
}

extension Job: FetchableRecord, PersistableRecord {
  public static let databaseTableName = "jobs"

  public init(row: Row) throws {
    id = row["id"]
    queue = row["queue"]
    kind = row["kind"]
    resourceID = row["resource_id"]
    payload = row["payload"]
    state = row["state"]
    attempts = row["attempts"]
    maxAttempts = row["max_attempts"]
    runAt = Date(millisecondsSince1970: row["run_at"])
    leaseOwner = row["lease_owner"]
    leaseExpiresAt = (row["lease_expires_at"] as Int64?).map(Date.init(millisecondsSince1970:))
    createdAt = Date(millisecondsSince1970: row["created_at"])
    updatedAt = Date(millisecondsSince1970: row["updated_at"])
    finishedAt = (row["finished_at"] as Int64?).map(Date.init(millisecondsSince1970:))
    lastError = row["last_error"]
  }

  public func encode(to container: inout PersistenceContainer) throws {
    container["id"] = id
    container["queue"] = queue
    container["kind"] = kind
    container["resource_id"] = resourceID
    container["payload"] = payload
    container["state"] = state
    container["attempts"] = attempts
    container["max_attempts"] = maxAttempts
    container["run_at"] = runAt.millisecondsSince1970
    container["lease_owner"] = leaseOwner
    container["lease_expires_at"] = leaseExpiresAt?.millisecondsSince1970
    container["created_at"] = createdAt.millisecondsSince1970
    container["updated_at"] = updatedAt.millisecondsSince1970
    container["finished_at"] = finishedAt?.millisecondsSince1970
    container["last_error"] = lastError
  }
}

/// A job to enqueue.
public struct NewJob: Sendable, Hashable {
  public var queue: String
  public var kind: String
  public var resourceID: String
  public var payload: Data
  /// Attempts before the job is dead-lettered. Default: 10.
  public var maxAttempts: Int
  /// Not before this time; `nil` runs as soon as a worker is free.
  public var notBefore: Date?

  /// Describes a job to enqueue.
  public init(
    queue: String,
    kind: String,
    resourceID: String = "",
    payload: Data = Data(),
    maxAttempts: Int = 10,
    notBefore: Date? = nil
  ) {
    self.queue = queue
    self.kind = kind
    self.resourceID = resourceID
    self.payload = payload
    self.maxAttempts = maxAttempts
    self.notBefore = notBefore
  }
}
