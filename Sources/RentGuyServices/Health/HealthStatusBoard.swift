public import RentGuyProto
import Synchronization

/// The serving status of the server and of each service, as `grpc.health.v1.Health` reports it
/// and `/readyz` reads it.
///
/// The empty name stands for the whole server. Statuses start as NOT_SERVING until the server
/// is ready; on shutdown everything becomes NOT_SERVING and watchers are told, then released.
public final class HealthStatusBoard: Sendable {
  /// A serving status as the health protocol names it.
  public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

  private struct State {
    var statuses: [String: Status] = [:]
    var watchers: [Int: (service: String, continuation: AsyncStream<Status>.Continuation)] = [:]
    var nextWatcherID = 0
    var shutDown = false
  }

  private let state = Mutex(State())

  /// A board that knows `services` (and the whole server, ""), all NOT_SERVING.
  public init(services: [String]) {
    state.withLock { state in
      for service in [""] + services { state.statuses[service] = .notServing }
    }
  }

  /// The status of `service`, or `nil` when the board doesn't know it.
  public func status(of service: String) -> Status? {
    state.withLock { $0.statuses[service] }
  }

  /// How many Watch streams are open, for diagnostics and tests.
  public var watcherCount: Int { state.withLock { $0.watchers.count } }

  /// Whether the whole server is SERVING.
  public var isServing: Bool { status(of: "") == .serving }

  /// Sets the status of `service` (adding it when new) and tells its watchers.
  /// Ignored after ``shutDown()``: a server that is going away stays NOT_SERVING.
  public func set(_ status: Status, for service: String) {
    state.withLock { state in
      guard !state.shutDown, state.statuses[service] != status else { return }
      state.statuses[service] = status
      for watcher in state.watchers.values where watcher.service == service {
        watcher.continuation.yield(status)
      }
    }
  }

  /// Sets every known service (and the server) to `status`.
  public func setAll(_ status: Status) {
    let services = state.withLock { Array($0.statuses.keys) }
    for service in services { set(status, for: service) }
  }

  /// Marks everything NOT_SERVING, tells every watcher, and ends their streams: the first step
  /// of a graceful shutdown, so load balancers stop sending before connections drain.
  public func shutDown() {
    let watchers = state.withLock { state in
      state.shutDown = true
      for service in state.statuses.keys { state.statuses[service] = .notServing }
      defer { state.watchers = [:] }
      return state.watchers.values.map(\.continuation)
    }
    // Outside the lock: finishing a stream runs its onTermination, which takes the lock.
    for continuation in watchers {
      continuation.yield(.notServing)
      continuation.finish()
    }
  }

  /// The statuses of `service` from now on: the current one first (SERVICE_UNKNOWN when the
  /// board doesn't know it), then each change. The stream ends at ``shutDown()``.
  public func updates(of service: String) -> AsyncStream<Status> {
    let (stream, continuation) = AsyncStream.makeStream(of: Status.self, bufferingPolicy: .bufferingNewest(1))
    let id: Int? = state.withLock { state in
      continuation.yield(state.statuses[service] ?? .serviceUnknown)
      if state.shutDown {
        continuation.finish()
        return nil
      }
      let id = state.nextWatcherID
      state.nextWatcherID += 1
      state.watchers[id] = (service, continuation)
      return id
    }
    if let id {
      continuation.onTermination = { [weak self] _ in
        _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
      }
    }
    return stream
  }
}
