import GRPCCore
import Synchronization

/// One RPC as its caller sees it, across at most two attempts. The request parts are kept until
/// the response starts (or they outgrow ``replayLimit``): if the first attempt turns out never to
/// have reached the server (see ``NotProcessedByServer``), a second attempt is opened, the parts
/// are replayed, and the caller never notices. gRPC allows this transparent retry once.
final class ClientCall: Sendable {
  /// Request bytes kept for a replay; a larger request commits the RPC to its first attempt.
  static let replayLimit = 64 * 1024

  private struct State {
    var attempt: ClientAttempt
    var previous: ClientAttempt?
    /// The parts sent so far, while a retry is still possible.
    var sent: [(ClientOutboundPart, bytes: Int)] = []
    var sentBytes = 0
    /// No (further) retry: the response started, the request outgrew the buffer, the request
    /// failed on the caller's side, or the retry was used.
    var committed = false

    mutating func commit() {
      self.committed = true
      self.sent = []
      self.sentBytes = 0
    }
  }

  private let state: Mutex<State>
  private let openAttempt: @Sendable () async throws -> ClientAttempt

  init(first: ClientAttempt, openAttempt: @escaping @Sendable () async throws -> ClientAttempt) {
    self.state = Mutex(State(attempt: first))
    self.openAttempt = openAttempt
  }

  /// The attempt in use now.
  var attempt: ClientAttempt {
    self.state.withLock { $0.attempt }
  }

  // MARK: - Request

  /// Keeps `part` for a replay (unless committed) and returns the attempt to send it on.
  func record(_ part: ClientOutboundPart, bytes: Int) -> ClientAttempt {
    self.state.withLock { state in
      if !state.committed {
        state.sent.append((part, bytes))
        state.sentBytes += bytes
        if state.sentBytes > Self.replayLimit { state.commit() }
      }
      return state.attempt
    }
  }

  /// Whether a write to `attempt` that failed with `error` may be reported as done: the part is
  /// kept and will be (or was already) replayed on the retry the response side makes.
  func absorbsWriteFailure(_ error: any Error, on attempt: ClientAttempt) -> Bool {
    guard NotProcessedByServer.caused(error) else { return false }
    return self.state.withLock { state in
      !state.committed || !state.attempt.isSame(as: attempt)
    }
  }

  /// No retry from here on.
  func commit() {
    self.state.withLock { $0.commit() }
  }

  // MARK: - Response

  /// After `failed` ended with an error that says the server never saw it: opens a second
  /// attempt, replays the request on it and returns it, or `nil` when no retry is allowed.
  func retry(after failed: ClientAttempt) async throws -> ClientAttempt? {
    let allowed = self.state.withLock { !$0.committed && $0.previous == nil }
    guard allowed else { return nil }
    let next = try await self.openAttempt()
    let replayed = self.state.withLock { state -> Bool in
      guard !state.committed, state.previous == nil else { return false }
      state.previous = state.attempt
      state.attempt = next
      // Replayed under the lock: a part written meanwhile goes out after these, not between.
      for (part, bytes) in state.sent { next.writer.replay(part, bytes: bytes) }
      state.commit()
      return true
    }
    guard replayed else {
      next.writer.abandon()
      return nil
    }
    return next
  }

  /// The caller is done: every attempt's stream that is still open is reset.
  func abandon() {
    let attempts = self.state.withLock { [$0.attempt] + ($0.previous.map { [$0] } ?? []) }
    for attempt in attempts { attempt.writer.abandon() }
  }
}

