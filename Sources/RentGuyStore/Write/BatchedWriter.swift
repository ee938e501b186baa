import Foundation
public import GRDB
import Synchronization

/// Group commit: concurrent writes share one transaction, and each caller is answered only after
/// that transaction is on disk.
///
/// Each write runs in a savepoint of the shared transaction, so one that throws is rolled back
/// alone and its caller gets its error, while the others commit. Writes are applied in the order
/// they were submitted. A drain runs on the writer's connection while writes wait: it commits
/// batches back to back, and after a few batches it queues itself behind the connection's other
/// work, so a write outside the group commit (the job queue's) is not held back for long.
///
/// For a file database the commit does not wait for the disk: the drain hands the batch's callers
/// to the ``WALSyncer``, which flushes the log and then answers them, and goes on with the next
/// batch meanwhile, so applying writes and flushing them overlap. The log is copied back into the
/// database by the ``WALCheckpointer`` in the background, never inside a commit.
public final class BatchedWriter: Sendable {
  private let writer: any DatabaseWriter
  private let maximumBatch: Int
  private let state = Mutex(State())
  /// Flushes the log for committed batches (nil in memory: there is no disk to wait for).
  private let syncer: WALSyncer?

  private struct State {
    var queue: [PendingWrite] = []
    var draining = false
    var transactions = 0
  }

  /// How many transactions have committed (or failed) so far: fewer than the writes when
  /// writes were batched.
  public var transactionCount: Int { self.state.withLock { $0.transactions } }

  /// How many flushes of the log the group commit has made (0 in memory).
  var flushCount: Int { self.syncer?.flushCount ?? 0 }

  /// - Parameter maximumBatch: the most writes one transaction takes.
  public init(store: Store, maximumBatch: Int = 512) {
    self.writer = store.writer
    self.maximumBatch = maximumBatch
    self.syncer = store.path.flatMap { path in
      store.walPath.map { log in
        let checkpointer = WALCheckpointer(databasePath: path)
        return WALSyncer(walPath: log, afterFlush: { checkpointer.nudge() })
      }
    }
  }

  /// Runs `work` in a transaction shared with other concurrent writes; returns its value once
  /// that transaction is on disk (a value is never returned for a write that is not durable).
  ///
  /// A mutation with an idempotency key (``IdempotencyClaim/current``) records the key in the
  /// same savepoint as its change.
  public func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await self.submit(work).value()
  }

  /// Returns once everything committed so far is on disk. A reader that passes on what it read
  /// and must never pass on a write a power loss could still undo (the booking event stream,
  /// whose sequence numbers would be handed out again) reads first, then waits for this.
  public func durable() async {
    guard let syncer = self.syncer else { return }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      syncer.whenDurable { continuation.resume() }
    }
  }

  /// Queues `work` now, behind every write submitted before it, and returns at once: the caller
  /// awaits the outcome later (``BatchedWrite/value()``), and may submit more meanwhile. A
  /// stream uses this to apply its next messages while the last ones are being flushed, with
  /// their answers still in order.
  public func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) -> BatchedWrite<T> {
    let pending = PendingWrite()
    let outcome = ResultBox<T>()
    let claim = IdempotencyClaim.current
    pending.run = { db in
      do {
        try db.inSavepoint {
          outcome.result = .success(try work(db))
          try claim?.record(in: db, now: Date())
          return .commit
        }
        // The key is recorded once the shared transaction commits.
        pending.onCommit = claim.map { claim in { claim.markRecorded() } }
      } catch {
        outcome.result = .failure(error)
      }
    }
    let start = self.state.withLock { state -> Bool in
      state.queue.append(pending)
      guard !state.draining else { return false }
      state.draining = true
      return true
    }
    if start { self.scheduleDrain() }
    return BatchedWrite(pending: pending, outcome: outcome)
  }

  /// Queues a drain on the writer's connection.
  private func scheduleDrain() {
    self.writer.asyncWriteWithoutTransaction { db in
      if self.drain(db, atMost: 8) { self.scheduleDrain() }
    }
  }

  /// Commits up to `limit` batches back to back; whether writes still wait (draining goes on).
  private func drain(_ db: Database, atMost limit: Int) -> Bool {
    // These commits are flushed by the syncer; every other write on this connection keeps
    // flushing its own.
    let syncer = self.syncer
    do {
      if syncer != nil { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    } catch {
      // The connection is unusable: fail what waits now (draining ends with the queue).
      while let batch = self.nextBatch() {
        for pending in batch { pending.finish(error) }
      }
      return false
    }
    defer {
      if syncer != nil {
        do {
          try db.execute(sql: "PRAGMA synchronous = FULL")
        } catch {
          // The job queue's writes on this connection would be answered without a flush.
          fatalError("cannot set synchronous = FULL again on the writer's connection: \(error)")
        }
      }
    }
    for _ in 0..<limit {
      guard let batch = self.nextBatch() else { return false }
      do {
        syncer?.committing()
        do {
          try db.inTransaction(.immediate) {
            for pending in batch { pending.run?(db) }
            return .commit
          }
        } catch {
          syncer?.commitFailed()
          throw error
        }
        let answer: @Sendable () -> Void = {
          for pending in batch {
            pending.onCommit?()
            pending.finish(nil)
          }
        }
        if let syncer { syncer.afterFlushing(answer) } else { answer() }
      } catch {
        for pending in batch { pending.finish(error) }
      }
    }
    return true
  }

  /// The next writes to commit together, or nil (and draining ends) when none wait.
  private func nextBatch() -> [PendingWrite]? {
    self.state.withLock { state in
      guard !state.queue.isEmpty else {
        state.draining = false
        return nil
      }
      let batch = Array(state.queue.prefix(self.maximumBatch))
      state.queue.removeFirst(batch.count)
      state.transactions += 1
      return batch
    }
  }
}

/// A write submitted to the group commit (``BatchedWriter/submit(_:)``).
public struct BatchedWrite<T: Sendable>: Sendable {
  fileprivate let pending: PendingWrite
  fileprivate let outcome: ResultBox<T>

  /// Whether the write is known to have failed already: its work threw, or its transaction
  /// failed. Never waits. A write submitted after this one runs after it, so it can ask.
  public var hasFailed: Bool {
    if case .failure? = self.outcome.result { return true }
    return self.pending.failed
  }

  /// The write's value once its transaction is on disk, or its error.
  public func value() async throws -> T {
    try await self.pending.committed()
    guard let result = self.outcome.result else { throw CancellationError() }
    return try result.get()
  }
}

/// One queued write: its work, and the caller waiting for the commit.
private final class PendingWrite: @unchecked Sendable {
  // `run` is set before the write is queued and called only by the drain, inside the
  // transaction; the continuation is guarded by `lock`.
  var run: ((Database) -> Void)?
  /// Set inside the transaction by a write that succeeded; called after the commit.
  var onCommit: (() -> Void)?
  private let lock = Mutex(Waiting.idle)

  private enum Waiting {
    case idle
    case waiting(CheckedContinuation<Void, any Error>)
    case done((any Error)?)
  }

  /// Whether it was finished with an error.
  var failed: Bool {
    self.lock.withLock { state in
      if case .done(let error?) = state { _ = error; return true }
      return false
    }
  }

  func finish(_ error: (any Error)?) {
    let continuation = self.lock.withLock { state -> CheckedContinuation<Void, any Error>? in
      switch state {
      case .waiting(let continuation):
        state = .done(error)
        return continuation
      case .idle:
        state = .done(error)
        return nil
      case .done:
        return nil
      }
    }
    if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
  }

  /// Waits until the write has committed and is on disk, or failed.
  func committed() async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      let outcome = self.lock.withLock { state -> Result<Void, any Error>? in
        switch state {
        case .done(let error): return error.map { .failure($0) } ?? .success(())
        case .idle, .waiting:
          state = .waiting(continuation)
          return nil
        }
      }
      if let outcome { continuation.resume(with: outcome) }
    }
  }
}

/// The value a write produced inside the transaction (written by the drain before the commit,
/// read by the caller after it).
private final class ResultBox<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}
