import Dispatch
import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file in the background, on a connection of
/// its own, so that the writer never stops to do it inside a commit (SQLite's automatic
/// checkpoint runs in the commit that crosses its threshold, and then every caller of that batch
/// waits for megabytes of page writes and an fsync of the database file).
///
/// A checkpoint is PASSIVE: it copies what no reader still needs and never waits for, or blocks,
/// the writer or a reader. Once it has copied the whole log, the writer's next transaction starts
/// the log over, so the log stays small. The writer's own automatic checkpoint stays on as the
/// fallback (it only runs when this one falls far behind).
final class WALCheckpointer: Sendable {
  private let path: String
  private let interval: Duration
  private let queue = DispatchQueue(label: "rentguy.wal-checkpoint", qos: .utility)
  private let state = Mutex(State())

  private struct State {
    var scheduled = false
    var last: ContinuousClock.Instant?
    var connection: DatabaseQueue?
  }

  /// - Parameters:
  ///   - databasePath: the database file.
  ///   - interval: the least time between two checkpoints.
  init(databasePath: String, interval: Duration = .milliseconds(250)) {
    self.path = databasePath
    self.interval = interval
  }

  /// Something was committed: checkpoint soon (at most once per interval).
  func nudge() {
    let wait = self.state.withLock { state -> Duration? in
      if state.scheduled { return nil }
      state.scheduled = true
      guard let last = state.last else { return .zero }
      return max(.zero, self.interval - (ContinuousClock.now - last))
    }
    guard let wait else { return }
    let (seconds, attoseconds) = wait.components
    self.queue.asyncAfter(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))) {
      self.checkpoint()
    }
  }

  private func checkpoint() {
    defer {
      self.state.withLock { state in
        state.scheduled = false
        state.last = .now
      }
    }
    do {
      let connection = try self.state.withLock { state -> DatabaseQueue in
        if let connection = state.connection { return connection }
        var configuration = Configuration()
        configuration.label = "rentguy.checkpoint"
        // The log is flushed before it is copied, and the database file after (FULL and NORMAL
        // both do; FULL is said explicitly).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let connection = try DatabaseQueue(path: self.path, configuration: configuration)
        state.connection = connection
        return connection
      }
      try connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
    } catch {
      // Not fatal (another checkpoint was running, say): the next commit tries again, and the
      // writer's own automatic checkpoint still keeps the log bounded.
    }
  }
}
