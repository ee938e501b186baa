import Foundation
public import GRDB
import Synchronization

/// Group commit: concurrent writes share one transaction (one fsync with `synchronous = FULL`),
/// and each caller is answered only after that transaction has committed.
///
/// Each write runs in a savepoint of the shared transaction, so one that throws is rolled back
/// alone and its caller gets its error, while the others commit. The first caller to find no
/// commit under way becomes the leader and commits batches until the queue is empty; callers
/// that arrive meanwhile form the next batch. No background task.
public final class BatchedWriter: Sendable {
  private let writer: any DatabaseWriter
  private let maximumBatch: Int
  private let state = Mutex(State())

  private struct State {
    var queue: [PendingWrite] = []
    var draining = false
    var transactions = 0
  }

  /// How many transactions have committed (or failed) so far: fewer than the writes when
  /// writes were batched.
  public var transactionCount: Int { self.state.withLock { $0.transactions } }

  /// - Parameter maximumBatch: the most writes one transaction takes.
  public init(store: Store, maximumBatch: Int = 512) {
    self.writer = store.writer
    self.maximumBatch = maximumBatch
  }

  /// Runs `work` in a transaction shared with other concurrent writes; returns its value once
  /// that transaction has committed (a value is never returned for a write that is not durable).
  ///
  /// A mutation with an idempotency key (``IdempotencyClaim/current``) records the key in the
  /// same savepoint as its change.
  public func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
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
    let lead = self.state.withLock { state -> Bool in
      state.queue.append(pending)
      guard !state.draining else { return false }
      state.draining = true
      return true
    }
    if lead {
      await self.drain()
    }
    try await pending.committed()
    guard let result = outcome.result else { throw CancellationError() }
    return try result.get()
  }

  /// Commits batches until no write is waiting.
  private func drain() async {
    while true {
      let batch = self.state.withLock { state -> [PendingWrite] in
        guard !state.queue.isEmpty else {
          state.draining = false
          return []
        }
        let batch = Array(state.queue.prefix(self.maximumBatch))
        state.queue.removeFirst(batch.count)
        state.transactions += 1
        return batch
      }
      guard !batch.isEmpty else { return }
      do {
        try await self.writer.write { db in
          for pending in batch { pending.run?(db) }
        }
        for pending in batch {
          pending.onCommit?()
          pending.finish(nil)
        }
      } catch {
        for pending in batch { pending.finish(error) }
      }
    }
  }
}

/// One queued write: its work, and the caller waiting for the commit.
private final class PendingWrite: @unchecked Sendable {
  // `run` is set before the write is queued and called only by the leader, inside the
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

  func committed() async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      let outcome = self.lock.withLock { state -> (any Error)?? in
        if case .done(let error) = state { return .some(error) }
        state = .waiting(continuation)
        return .none
      }
      switch outcome {
      case .some(.some(let error)): continuation.resume(throwing: error)
      case .some(.none): continuation.resume()
      case .none: break
      }
    }
  }
}

/// The value a write produced inside the transaction (written by the leader before the commit,
/// read by the caller after it).
private final class ResultBox<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}
