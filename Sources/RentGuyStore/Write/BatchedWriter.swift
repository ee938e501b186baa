import Foundation
public import GRDB
import Synchronization

/// Group commit: concurrent writes share one transaction (one fsync with `synchronous = FULL`),
/// and each caller is answered only after that transaction has committed.
///
/// Each write runs in a savepoint of the shared transaction, so one that throws is rolled back
/// alone and its caller gets its error, while the others commit. The first caller to find no
/// commit under way becomes the leader and commits batches back to back on the writer's
/// connection; callers that arrive meanwhile form the next batch. After a few batches the leader
/// hands the lead to the oldest waiting caller and returns, so no caller's answer waits long for
/// other callers' writes. No background task.
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
    var leads = lead
    repeat {
      if leads { await self.drain() }
      leads = try await pending.committed()
    } while leads
    guard let result = outcome.result else { throw CancellationError() }
    return try result.get()
  }

  /// Commits up to 8 batches, all on the writer's connection: the next batch begins as soon as
  /// the last one committed, without leaving the database thread. If writes still wait then, the
  /// oldest of their callers becomes the leader (and the connection is free for other writers
  /// in between).
  private func drain() async {
    let more = await self.drain(atMost: 8)
    guard more else { return }
    self.state.withLock { state in
      // Still draining: the next leader's own write is at the head of the queue.
      if let next = state.queue.first { next.lead() } else { state.draining = false }
    }
  }

  /// Commits up to `limit` batches; whether writes are still waiting.
  private func drain(atMost limit: Int) async -> Bool {
    do {
      return try await self.writer.writeWithoutTransaction { db in
        for _ in 0..<limit {
          guard let batch = self.nextBatch() else { return false }
          do {
            try db.inTransaction(.immediate) {
              for pending in batch { pending.run?(db) }
              return .commit
            }
            for pending in batch {
              pending.onCommit?()
              pending.finish(nil)
            }
          } catch {
            for pending in batch { pending.finish(error) }
          }
        }
        return true
      }
    } catch {
      // The connection could not be had at all: fail whatever is still queued.
      while let batch = self.nextBatch() {
        for pending in batch { pending.finish(error) }
      }
      return false
    }
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
    case waiting(CheckedContinuation<Bool, any Error>)
    /// Handed the lead before it waited.
    case leads
    case done((any Error)?)
  }

  func finish(_ error: (any Error)?) {
    let continuation = self.lock.withLock { state -> CheckedContinuation<Bool, any Error>? in
      switch state {
      case .waiting(let continuation):
        state = .done(error)
        return continuation
      case .idle, .leads:
        state = .done(error)
        return nil
      case .done:
        return nil
      }
    }
    if let error { continuation?.resume(throwing: error) } else { continuation?.resume(returning: false) }
  }

  /// Makes this write's caller the leader (its write has not been taken yet).
  func lead() {
    let continuation = self.lock.withLock { state -> CheckedContinuation<Bool, any Error>? in
      switch state {
      case .waiting(let continuation):
        state = .idle
        return continuation
      case .idle:
        state = .leads
        return nil
      case .leads, .done:
        return nil
      }
    }
    continuation?.resume(returning: true)
  }

  /// Waits until the write has committed (false) or its caller is to lead (true).
  func committed() async throws -> Bool {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
      let outcome = self.lock.withLock { state -> Result<Bool, any Error>? in
        switch state {
        case .done(let error): return error.map { .failure($0) } ?? .success(false)
        case .leads:
          state = .idle
          return .success(true)
        case .idle, .waiting:
          state = .waiting(continuation)
          return nil
        }
      }
      if let outcome { continuation.resume(with: outcome) }
    }
  }
}

/// The value a write produced inside the transaction (written by the leader before the commit,
/// read by the caller after it).
private final class ResultBox<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}
