import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RentGuyInterop
import RentGuyTransport

/// Serves grpc.testing.TestService on one transport, for load tests.
@main
struct BenchServer: AsyncParsableCommand {
  @Option(help: "nghttp2 (RentGuyTransport) or nio (grpc-swift-nio-transport).")
  var transport = "nghttp2"

  @Option var port = 50070

  func run() async throws {
    switch self.transport {
    case "nghttp2":
      let transport = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: self.port))
      let server = GRPCServer(transport: transport, services: [InteropTestService()])
      try await Self.serve(server) { try await transport.listeningAddress.port ?? 0 }
    case "nio":
      var config = HTTP2ServerTransport.Posix.Config.defaults
      config.rpc.maxRequestPayloadSize = 4 * 1024 * 1024
      let transport = HTTP2ServerTransport.Posix(
        address: .ipv4(host: "127.0.0.1", port: self.port),
        transportSecurity: .plaintext,
        config: config
      )
      let server = GRPCServer(transport: transport, services: [InteropTestService()])
      try await Self.serve(server) { try await transport.listeningAddress.ipv4?.port ?? 0 }
    default:
      throw ValidationError("unknown transport \(self.transport)")
    }
  }

  static func serve<T: ServerTransport>(_ server: GRPCServer<T>, port: @escaping @Sendable () async throws -> Int) async throws {
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      let line = "listening on 127.0.0.1:\(try await port())\n"
      FileHandle.standardOutput.write(Data(line.utf8))
    }
  }
}
