import Benchmark
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RentGuyInterop
import RentGuyTransport

// In-process unary round trips over loopback: RentGuy's nghttp2 client and server transports,
// and grpc-swift-nio-transport's, on the same GRPCCore service. Run: swift package benchmark

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
    warmupIterations: 200,
    scalingFactor: .kilo,
    maxDuration: .seconds(5),
    maxIterations: 20
  )

  Benchmark("unary 100 B: nghttp2 client -> nghttp2 server") { benchmark in
    let server = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 0))
    let grpcServer = GRPCServer(transport: server, services: [InteropTestService()])
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await grpcServer.serve() }
      let port = try await server.listeningAddress.port ?? 0
      let client = try NGHTTP2ClientTransport(target: .host("127.0.0.1", port: port))
      try await withGRPCClient(transport: client) { client in
        try await roundTrips(client, benchmark)
      }
      grpcServer.beginGracefulShutdown()
    }
  }

  Benchmark("unary 100 B: nio client -> nio server") { benchmark in
    let server = HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
    let grpcServer = GRPCServer(transport: server, services: [InteropTestService()])
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await grpcServer.serve() }
      let port = try await server.listeningAddress.ipv4?.port ?? 0
      let client = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
      try await withGRPCClient(transport: client) { client in
        try await roundTrips(client, benchmark)
      }
      grpcServer.beginGracefulShutdown()
    }
  }
}

/// `scaledIterations` unary calls, 32 at a time.
private func roundTrips<T: ClientTransport>(_ client: GRPCClient<T>, _ benchmark: Benchmark) async throws {
  let stub = Grpc_Testing_TestService.Client(wrapping: client)
  var request = Grpc_Testing_SimpleRequest()
  request.responseSize = 100
  request.payload.body = Data(count: 100)
  let message = request
  let total = benchmark.scaledIterations.count
  benchmark.startMeasurement()
  try await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<32 {
      group.addTask {
        var index = worker
        while index < total {
          _ = try await stub.unaryCall(message)
          index += 32
        }
      }
    }
    try await group.waitForAll()
  }
  benchmark.stopMeasurement()
}
