public import RentGuyStore

/// What a finished job changes: applied in the transaction that marks the job done (or dead), so
/// that the effect and the job's outcome commit together.
public typealias JobEffect = @Sendable (any IntegrationDatabase) throws -> Void

/// Runs one kind of job. `run` does the outbound work outside any transaction and returns the
/// effect to commit with the job's completion; it throws a `ProviderError` (retried when
/// retryable) or any other error (retried). Jobs run at least once: `run` must be idempotent,
/// which provider calls are through the job's idempotency key.
public protocol JobHandler: Sendable {
  func run(_ job: Job) async throws -> JobEffect
  /// The effect of giving up (the job is dead): e.g. the payment FAILED with the provider's
  /// message. Committed with the dead letter.
  func deadLetter(_ job: Job, error: String) -> JobEffect?
}

extension JobHandler {
  public func deadLetter(_ job: Job, error: String) -> JobEffect? { nil }
}

/// Thrown by a handler that cannot do its work now without waiting longer than its lease (a
/// provider's rate limit is spent): the job is given back, due after `delay`, without spending an
/// attempt.
public struct JobPostponed: Error, Sendable {
  public var delay: Duration

  public init(delay: Duration) {
    self.delay = delay
  }
}

/// Wakes job workers when jobs were committed or queues changed (the same wake-up as the booking
/// event feed: it carries nothing; workers look in the store).
public typealias JobSignal = BookingEventFeed
