import Synchronization

/// A bounded hand-over between two tasks of a stream. The scans a stream has received and not yet
/// applied: the reader puts them in as they arrive, the applier takes everything there is at
/// once (so that scans that arrived together commit together); and the writes applied and not
/// yet acknowledged. When it is full the putting side waits, and the transport's flow control
/// holds the device back.
final class ScanInbox<Element: Sendable>: Sendable {
  private let limit: Int
  private let state = Mutex(State())

  private struct State {
    var items: [Element] = []
    var finished: (any Error)?? = nil
    var taker: CheckedContinuation<Void, Never>?
    var putter: CheckedContinuation<Void, Never>?
  }

  init(limit: Int) {
    self.limit = limit
  }

  /// Adds one element, waiting while the inbox is full; dropped once the inbox is finished
  /// (nobody takes it any more).
  func put(_ element: Element) async {
    while true {
      let (full, finished) = self.state.withLock { ($0.items.count >= self.limit, $0.finished != nil) }
      if finished { return }
      if !full { break }
      await withCheckedContinuation { continuation in
        let resume = self.state.withLock { state -> Bool in
          if state.items.count < self.limit || state.finished != nil { return true }
          state.putter = continuation
          return false
        }
        if resume { continuation.resume() }
      }
    }
    let taker = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
      state.items.append(element)
      defer { state.taker = nil }
      return state.taker
    }
    taker?.resume()
  }

  /// Whether ``finish(_:discarding:)`` was called.
  var isFinished: Bool { self.state.withLock { $0.finished != nil } }

  /// No more elements will come (`error`: the stream failed). `discarding`: the elements still
  /// waiting are dropped too (nobody is to act on them any more).
  func finish(_ error: (any Error)?, discarding: Bool = false) {
    let (taker, putter) = self.state.withLock { state in
      if state.finished == nil { state.finished = .some(error) }
      if discarding { state.items.removeAll() }
      defer {
        state.taker = nil
        state.putter = nil
      }
      return (state.taker, state.putter)
    }
    taker?.resume()
    putter?.resume()
  }

  /// Up to `maximum` elements, waiting for at least one; nil once finished and empty. Rethrows
  /// the stream's error after the elements received before it.
  func take(maximum: Int) async throws -> [Element]? {
    while true {
      let (batch, ended, putter) = self.state.withLock { state -> ([Element], (any Error)??, CheckedContinuation<Void, Never>?) in
        let count = min(maximum, state.items.count)
        let batch = Array(state.items.prefix(count))
        state.items.removeFirst(count)
        let putter = count > 0 ? state.putter : nil
        if count > 0 { state.putter = nil }
        return (batch, state.finished, putter)
      }
      putter?.resume()
      if !batch.isEmpty { return batch }
      if let ended {
        if let error = ended { throw error }
        return nil
      }
      await withCheckedContinuation { continuation in
        let resume = self.state.withLock { state -> Bool in
          if !state.items.isEmpty || state.finished != nil { return true }
          state.taker = continuation
          return false
        }
        if resume { continuation.resume() }
      }
    }
  }
}
