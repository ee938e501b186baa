import Logging
import NIOCore
import RentGuyProto
import RentGuyServices
import RentGuyTransport
import ServiceLifecycle

/// Marks the server SERVING once gRPC listens, and NOT_SERVING at the start of a graceful
/// shutdown (before connections drain), ending health Watch streams so the drain can finish.
struct ReadinessService: Service {
  let transport: NGHTTP2ServerTransport
  let board: HealthStatusBoard
  let announce: @Sendable (String) -> Void
  let logger: Logger

  func run() async throws {
    let address = try await transport.listeningAddress.listeningDescription
    announce("gRPC listening on \(address)")
    logger.info("gRPC listening", metadata: ["address": "\(address)"])
    board.setAll(.serving)
    try? await gracefulShutdown()
    logger.info("shutting down: health is NOT_SERVING, draining connections")
    board.shutDown()
  }
}

extension SocketAddress {
  /// How the server announces a bound address: `HOST:PORT`, or `unix:PATH`.
  var listeningDescription: String {
    switch self {
    case .unixDomainSocket: "unix:\(pathname ?? "")"
    default: "\(ipAddress ?? "?"):\(port ?? 0)"
    }
  }
}
