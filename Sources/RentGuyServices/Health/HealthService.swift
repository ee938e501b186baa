public import GRPCCore
public import RentGuyProto

/// `grpc.health.v1.Health`: Check and Watch over a ``HealthStatusBoard``.
///
/// Check answers NOT_FOUND for a service the board doesn't know; Watch answers SERVICE_UNKNOWN
/// for it and keeps watching, as the health protocol says. No credential is needed.
public struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
  private let board: HealthStatusBoard

  /// A health service reporting `board`.
  public init(board: HealthStatusBoard) {
    self.board = board
  }

  public func check(
    request: Grpc_Health_V1_HealthCheckRequest,
    context: ServerContext
  ) async throws -> Grpc_Health_V1_HealthCheckResponse {
    guard let status = board.status(of: request.service) else {
      throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
    }
    var response = Grpc_Health_V1_HealthCheckResponse()
    response.status = status
    return response
  }

  public func watch(
    request: Grpc_Health_V1_HealthCheckRequest,
    response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
    context: ServerContext
  ) async throws {
    let updates = board.updates(of: request.service)
    // A watch waits for changes that may never come: end it when the client goes away
    // (cancel, deadline, reset), so that abandoned watches don't pile up until shutdown.
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for await status in updates {
          var message = Grpc_Health_V1_HealthCheckResponse()
          message.status = status
          try await response.write(message)
        }
      }
      group.addTask {
        try await context.cancellation.cancelled
        throw RPCError(code: .cancelled, message: "the client ended the watch")
      }
      // Whichever ends first (the board's stream at shutdown, or the client) ends the other.
      defer { group.cancelAll() }
      try await group.next()
    }
  }
}
