public import Foundation
import GRDB
import Synchronization

/// The idempotency key of the mutation the current task is running. The write that makes the
/// mutation's change (through ``BatchedWriter``) records the key in the same transaction, so a
/// change and its key commit together: a retry can never apply the change twice. The response is
/// stored right after (``IdempotencyRecords/storeResponse(_:for:)``) for retries to replay.
public final class IdempotencyClaim: Sendable {
  public let principalID: String
  public let method: String
  public let key: String
  /// SHA-256 of the serialized request.
  public let requestHash: Data
  private let recorded = Mutex(false)
  /// The response, when the handler knows it before its write: then it commits with the key, and
  /// the mutation costs one commit instead of two.
  private let preparedResponse = Mutex<Data?>(nil)

  public init(principalID: String, method: String, key: String, requestHash: Data) {
    self.principalID = principalID
    self.method = method
    self.key = key
    self.requestHash = requestHash
  }

  /// The claim of the mutation this task runs, if it carries an idempotency key.
  @TaskLocal public static var current: IdempotencyClaim?

  /// Whether a committed write recorded the key.
  public var isRecorded: Bool { self.recorded.withLock { $0 } }

  /// Whether the response was handed over before the write (then it commits with the key, and
  /// nothing is stored after the call).
  public var hasPreparedResponse: Bool { self.preparedResponse.withLock { $0 != nil } }

  /// Hands over the serialized response before the write that records the key.
  public func prepareResponse(_ response: Data) {
    self.preparedResponse.withLock { $0 = response }
  }

  /// Records the key (once per claim), with the prepared response if any, in the caller's
  /// transaction.
  func record(in db: Database, now: Date) throws {
    guard !self.recorded.withLock({ $0 }) else { return }
    let response = self.preparedResponse.withLock { $0 }
    try db.cachedStatement(
      sql: """
        INSERT INTO idempotency_keys (principal_id, method, idempotency_key, request_hash, response, created_at, completed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      self.principalID, self.method, self.key, self.requestHash.hexString, response, now.millisecondsSince1970, now.millisecondsSince1970,
    ])
  }

  /// The write that recorded the key committed (``BatchedWriter`` calls this).
  func markRecorded() {
    self.recorded.withLock { $0 = true }
  }

}
