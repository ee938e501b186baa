import NIOCore
import Synchronization

extension EventLoopFuture where Value: Sendable {
  /// The future's value, or `onCancel()` thrown as soon as the calling task is cancelled (the
  /// future itself runs on). `get()` alone ignores cancellation, so an RPC waiting for a
  /// connection that never completes would wait forever, past its deadline.
  func value(orThrowOnCancel onCancel: @escaping @Sendable () -> any Error) async throws -> Value {
    let waiter = CancellableWaiter<Value>()
    return try await withTaskCancellationHandler {
      try await withUnsafeThrowingContinuation { continuation in
        guard waiter.install(continuation) else {
          continuation.resume(throwing: onCancel())
          return
        }
        self.whenComplete { waiter.resume(with: $0) }
      }
    } onCancel: {
      waiter.cancel(throwing: onCancel())
    }
  }
}

/// A continuation resumed once, by whichever comes first: the result or the cancellation.
private final class CancellableWaiter<Value: Sendable>: Sendable {
  private enum State {
    case idle
    case waiting(UnsafeContinuation<Value, any Error>)
    case cancelled
    case done
  }

  private let state = Mutex(State.idle)

  /// Stores the continuation; `false` if the task was already cancelled.
  func install(_ continuation: UnsafeContinuation<Value, any Error>) -> Bool {
    self.state.withLock { state in
      guard case .idle = state else { return false }
      state = .waiting(continuation)
      return true
    }
  }

  func resume(with result: Result<Value, any Error>) {
    let continuation = self.state.withLock { state -> UnsafeContinuation<Value, any Error>? in
      guard case .waiting(let continuation) = state else { return nil }
      state = .done
      return continuation
    }
    continuation?.resume(with: result)
  }

  func cancel(throwing error: any Error) {
    let continuation = self.state.withLock { state -> UnsafeContinuation<Value, any Error>? in
      switch state {
      case .idle:
        state = .cancelled
        return nil
      case .waiting(let continuation):
        state = .done
        return continuation
      case .cancelled, .done:
        return nil
      }
    }
    continuation?.resume(throwing: error)
  }
}
