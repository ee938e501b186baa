import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Makes committed transactions durable off the writer's thread: the group commit commits a batch
/// without waiting for the disk (`synchronous = NORMAL`), hands its callers here and goes on with
/// the next batch; this flushes the write-ahead log (`fdatasync`) and only then answers them.
///
/// One flush covers every batch committed before it began, so while one flush runs the batches
/// committed meanwhile wait for the next one together. That is the same durability as
/// `synchronous = FULL` (SQLite's FULL commit is the same WAL flush, done inline): a caller is
/// answered only once its commit is on disk. The WAL keeps commits in order, so a crash never
/// keeps a later batch without the earlier ones.
///
/// A failed flush leaves the kernel's page cache in an unknown state (a second `fdatasync` may
/// report success for data that never reached the disk), so the server stops at once: what is
/// on disk is then what recovery reads, and no caller was told otherwise.
final class WALSyncer: Sendable {
  private let path: String
  private let queue = DispatchQueue(label: "rentguy.wal-sync", qos: .userInitiated)
  private let state = Mutex(State())
  /// Called after each flush (on the flush queue): the checkpointer's cue.
  private let afterFlush: @Sendable () -> Void

  private struct State {
    var waiting: [@Sendable () -> Void] = []
    var scheduled = false
    var file: Int32 = -1
    var flushes = 0
    /// Commits begun (``committing()``), and ended (committed or failed).
    var begun = 0
    var ended = 0
    /// Commits known to be on disk: `ended` as it was when the last completed flush began.
    var durable = 0
  }

  /// How many flushes have completed.
  var flushCount: Int { self.state.withLock { $0.flushes } }

  /// - Parameters:
  ///   - walPath: the write-ahead log (`<database>-wal`).
  ///   - afterFlush: called on the flush queue after each flush.
  init(walPath: String, afterFlush: @escaping @Sendable () -> Void = {}) {
    self.path = walPath
    self.afterFlush = afterFlush
  }

  deinit {
    let file = self.state.withLock { $0.file }
    if file >= 0 { close(file) }
  }

  /// A commit is about to be made (its frames may be in the log, and visible to readers, before
  /// ``afterFlushing(_:)`` is called for it).
  func committing() {
    self.state.withLock { $0.begun += 1 }
  }

  /// The commit begun last was made: calls `done` once it is on disk.
  func afterFlushing(_ done: @escaping @Sendable () -> Void) {
    self.wait(for: done) { state in
      state.ended += 1
      return true
    }
  }

  /// The commit begun last failed (there is nothing of it to flush).
  func commitFailed() {
    self.state.withLock { $0.ended += 1 }
  }

  /// Calls `done` once everything a reader can see now is on disk: at once when every commit
  /// begun so far is flushed, otherwise after a flush that begins after this call.
  func whenDurable(_ done: @escaping @Sendable () -> Void) {
    self.wait(for: done) { state in state.durable < state.begun }
  }

  /// Queues `done` for the next flush, starting one if none is under way, when `needsFlush`
  /// (run under the lock) says so; otherwise calls it at once.
  private func wait(for done: @escaping @Sendable () -> Void, if needsFlush: (inout State) -> Bool) {
    let (queued, start) = self.state.withLock { state -> (Bool, Bool) in
      guard needsFlush(&state) else { return (false, false) }
      state.waiting.append(done)
      if state.scheduled { return (true, false) }
      state.scheduled = true
      return (true, true)
    }
    if !queued { done() }
    if start { self.queue.async { self.flushWhileWaiting() } }
  }

  /// Flushes until no caller waits: each round answers the callers queued before it began.
  private func flushWhileWaiting() {
    while true {
      let (round, covered) = self.state.withLock { state -> ([@Sendable () -> Void], Int) in
        if state.waiting.isEmpty { state.scheduled = false }
        defer { state.waiting = [] }
        return (state.waiting, state.ended)
      }
      if round.isEmpty { return }
      self.flush()
      self.state.withLock { state in
        state.flushes += 1
        state.durable = max(state.durable, covered)
      }
      for done in round { done() }
      self.afterFlush()
    }
  }

  private func flush() {
    let file = self.openLog()
    guard fdatasync(file) == 0 else {
      fatalError("fdatasync of \(self.path) failed (errno \(errno)): stopping, so that no commit is answered that may not be on disk")
    }
  }

  /// The log's descriptor, opened again if the file was replaced (it is only while no connection
  /// is open, which the writer's never is here; checked anyway, for one `stat` per flush).
  private func openLog() -> Int32 {
    var current = self.state.withLock { $0.file }
    if current >= 0 {
      var open = stat()
      var named = stat()
      if fstat(current, &open) == 0, stat(self.path, &named) == 0, open.st_ino == named.st_ino, open.st_dev == named.st_dev {
        return current
      }
      close(current)
    }
    current = open(self.path, O_RDONLY | O_CLOEXEC)
    guard current >= 0 else {
      fatalError("cannot open \(self.path) to flush it (errno \(errno)): stopping, so that no commit is answered that may not be on disk")
    }
    self.state.withLock { $0.file = current }
    return current
  }
}
