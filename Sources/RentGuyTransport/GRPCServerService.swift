public import GRPCCore
public import ServiceLifecycle

/// Runs a `GRPCServer` as a swift-service-lifecycle `Service`: graceful shutdown of the service
/// group (SIGTERM, SIGINT) becomes the server's graceful shutdown.
public struct GRPCServerService<Transport: ServerTransport>: Service {
  private let server: GRPCServer<Transport>

  public init(_ server: GRPCServer<Transport>) {
    self.server = server
  }

  public func run() async throws {
    try await withGracefulShutdownHandler {
      try await self.server.serve()
    } onGracefulShutdown: {
      self.server.beginGracefulShutdown()
    }
  }
}
