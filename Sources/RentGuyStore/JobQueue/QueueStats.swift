public import Foundation

/// One queue's numbers, for `/metrics` and `JobService.GetQueueStatus`.
public struct QueueStats: Sendable, Hashable {
  public var queue: String
  /// Jobs per state (every state is present, zero when none).
  public var counts: [JobState: Int]
  /// When the oldest pending or retrying job was created.
  public var oldestWaitingSince: Date?
  public var lastSuccessAt: Date?
  public var lastFailureAt: Date?
  public var lastError: String

  /// Creates the numbers of one queue.
  public init(
    queue: String,
    counts: [JobState: Int] = [:],
    oldestWaitingSince: Date? = nil,
    lastSuccessAt: Date? = nil,
    lastFailureAt: Date? = nil,
    lastError: String = ""
  ) {
    self.queue = queue
    self.counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, counts[$0] ?? 0) })
    self.oldestWaitingSince = oldestWaitingSince
    self.lastSuccessAt = lastSuccessAt
    self.lastFailureAt = lastFailureAt
    self.lastError = lastError
  }

  /// Jobs waiting to run (pending and retrying): the backlog.
  public var backlog: Int { (counts[.pending] ?? 0) + (counts[.retrying] ?? 0) }
}
