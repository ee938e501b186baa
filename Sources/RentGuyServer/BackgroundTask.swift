import ServiceLifecycle

/// Work that runs until the server shuts down (a graceful shutdown cancels it): the job workers,
/// the webhook dispatcher, the built-in provider mock.
struct BackgroundTask: Service {
  let work: @Sendable () async throws -> Void

  func run() async throws {
    try await cancelWhenGracefulShutdown { try await self.work() }
  }
}
