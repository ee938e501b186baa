import Synchronization

/// Wakes event watchers when booking events were committed. It carries no events: a watcher
/// reads them from the stored log after its last sequence, so it sees them in commit order
/// whichever writer notified first, and a missed wake-up costs only latency.
public final class BookingEventFeed: Sendable {
  private let state = Mutex(State())

  private struct State {
    var generation: UInt64 = 0
    var nextWaiter: UInt64 = 0
    var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
  }

  public init() {}

  /// Changes with every ``notify()``.
  public var generation: UInt64 { self.state.withLock { $0.generation } }

  /// New events were committed.
  public func notify() {
    let waiters = self.state.withLock { state in
      state.generation &+= 1
      defer { state.waiters = [:] }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Returns once the generation is no longer `seen`, after `timeout`, or on cancellation.
  /// Returns whether events may have arrived (false: the timeout passed).
  public func wait(past seen: UInt64, timeout: Duration) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
      group.addTask {
        await self.waitForNotification(past: seen)
        return true
      }
      group.addTask {
        try? await Task.sleep(for: timeout)
        return false
      }
      let first = await group.next() ?? false
      group.cancelAll()
      return first
    }
  }

  private func waitForNotification(past seen: UInt64) async {
    let id = self.state.withLock { state in
      state.nextWaiter &+= 1
      return state.nextWaiter
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let now = self.state.withLock { state -> Bool in
          if state.generation != seen || Task.isCancelled { return true }
          state.waiters[id] = continuation
          return false
        }
        if now { continuation.resume() }
      }
    } onCancel: {
      self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
  }
}
