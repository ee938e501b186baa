import GRPCCore
import Synchronization

/// Carries a stream's cancellation between the event loop and the handler's task. The stream can
/// be reset before the handler task exists, so a cancellation that arrives first is remembered and
/// applied when the handle is attached.
final class StreamCancellation: Sendable {
  private enum State {
    case waitingForHandle
    case attached(ServerContext.RPCCancellationHandle)
    case cancelled
  }

  private let state = Mutex(State.waitingForHandle)

  func attach(_ handle: ServerContext.RPCCancellationHandle) {
    let cancelNow = self.state.withLock { state -> Bool in
      switch state {
      case .waitingForHandle:
        state = .attached(handle)
        return false
      case .attached:
        return false
      case .cancelled:
        return true
      }
    }
    if cancelNow { handle.cancel() }
  }

  func cancel() {
    let handle = self.state.withLock { state -> ServerContext.RPCCancellationHandle? in
      switch state {
      case .waitingForHandle:
        state = .cancelled
        return nil
      case .attached(let handle):
        state = .cancelled
        return handle
      case .cancelled:
        return nil
      }
    }
    handle?.cancel()
  }

  var isCancelled: Bool {
    self.state.withLock { if case .cancelled = $0 { true } else { false } }
  }
}
