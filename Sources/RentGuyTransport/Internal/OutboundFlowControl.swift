import Synchronization

/// Bounds the bytes a handler may have written to a stream that the connection has not yet handed
/// to nghttp2. Writers add bytes and suspend above the high watermark; the event loop removes bytes
/// as nghttp2 takes them and resumes the writer below the low watermark.
final class OutboundFlowControl: Sendable {
  private struct State {
    var pendingBytes = 0
    var waiter: CheckedContinuation<Void, any Error>?
    var failure: (any Error)?
  }

  private let state = Mutex(State())
  private let highWatermark: Int
  private let lowWatermark: Int

  init(highWatermark: Int, lowWatermark: Int) {
    self.highWatermark = highWatermark
    self.lowWatermark = lowWatermark
  }

  /// Records `count` bytes written; returns whether the writer must wait before writing more.
  /// Throws if the stream is already closed.
  func add(_ count: Int) throws -> Bool {
    try self.state.withLock { state in
      if let failure = state.failure { throw failure }
      state.pendingBytes += count
      return state.pendingBytes > self.highWatermark
    }
  }

  /// Suspends until the pending bytes drop to the low watermark or the stream closes.
  func waitUntilWritable() async throws {
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let outcome = self.state.withLock { state -> Result<Void, any Error>? in
          if let failure = state.failure { return .failure(failure) }
          if state.pendingBytes <= self.lowWatermark { return .success(()) }
          state.waiter = continuation
          return nil
        }
        if let outcome { continuation.resume(with: outcome) }
      }
    } onCancel: {
      self.fail(CancellationError())
    }
  }

  /// Called on the event loop when nghttp2 has taken `count` bytes.
  func remove(_ count: Int) {
    let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
      state.pendingBytes -= count
      guard state.pendingBytes <= self.lowWatermark else { return nil }
      defer { state.waiter = nil }
      return state.waiter
    }
    waiter?.resume()
  }

  /// Closes the stream for writing: the waiting writer and all later writes fail with `error`.
  func fail(_ error: any Error) {
    let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
      if state.failure == nil { state.failure = error }
      defer { state.waiter = nil }
      return state.waiter
    }
    waiter?.resume(throwing: error)
  }
}
