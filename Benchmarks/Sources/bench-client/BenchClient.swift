import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RentGuyInterop
import RentGuyTransport

/// A closed-loop load generator: `concurrency` tasks each issue RPCs back to back for
/// `duration` seconds over `connections` clients. Prints one JSON line of results.
@main
struct BenchClient: AsyncParsableCommand {
  @Option(help: "Client transport: nghttp2 (RentGuyTransport) or nio (grpc-swift-nio-transport).")
  var transport = "nghttp2"

  @Option var port = 50070

  @Option(help: "unary, server-streaming or bidi.")
  var rpc = "unary"

  @Option(help: "Concurrent RPCs per connection.")
  var concurrency = 32

  @Option(help: "Client connections.")
  var connections = 1

  @Option(help: "Seconds to run (after a 1 s warm-up).")
  var duration = 5.0

  @Option(help: "Payload bytes per message.")
  var size = 100

  func run() async throws {
    let results = try await withThrowingTaskGroup(of: [Duration].self) { group in
      for _ in 0..<self.connections {
        group.addTask { try await self.runConnection() }
      }
      var latencies: [Duration] = []
      for try await part in group { latencies += part }
      return latencies
    }
    let cpu = Self.cpuSeconds()
    let sorted = results.sorted()
    func percentile(_ p: Double) -> Double {
      guard !sorted.isEmpty else { return 0 }
      let index = min(sorted.count - 1, Int(Double(sorted.count) * p))
      return Self.microseconds(sorted[index])
    }
    let count = Double(results.count)
    let json = """
      {"transport":"\(self.transport)","rpc":"\(self.rpc)","connections":\(self.connections),"concurrency":\(self.concurrency),\
      "rate":\(Int(count / self.duration)),"p50_us":\(Int(percentile(0.5))),"p90_us":\(Int(percentile(0.9))),\
      "p99_us":\(Int(percentile(0.99))),"client_cpu_us_per_rpc":\(count > 0 ? Int(cpu * 1e6 / count) : 0)}
      """
    FileHandle.standardOutput.write(Data((json + "\n").utf8))
  }

  private func runConnection() async throws -> [Duration] {
    switch self.transport {
    case "nghttp2":
      let transport = try NGHTTP2ClientTransport(target: .host("127.0.0.1", port: self.port))
      return try await withGRPCClient(transport: transport) { try await self.load($0) }
    case "nio":
      let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: self.port), transportSecurity: .plaintext)
      return try await withGRPCClient(transport: transport) { try await self.load($0) }
    default:
      throw ValidationError("unknown transport \(self.transport)")
    }
  }

  private func load<T: ClientTransport>(_ client: GRPCClient<T>) async throws -> [Duration] {
    let stub = Grpc_Testing_TestService.Client(wrapping: client)
    var request = Grpc_Testing_SimpleRequest()
    request.responseSize = Int32(self.size)
    request.payload.body = Data(count: self.size)
    var streamRequest = Grpc_Testing_StreamingOutputCallRequest()
    var parameters = Grpc_Testing_ResponseParameters()
    parameters.size = Int32(self.size)
    streamRequest.responseParameters = [parameters]
    streamRequest.payload.body = Data(count: self.size)
    let rpc = self.rpc
    let clock = ContinuousClock()
    let warmupEnd = clock.now + .seconds(1)
    let end = warmupEnd + .milliseconds(Int(self.duration * 1000))
    let unary = request
    let bidi = streamRequest
    let oneResponse = parameters

    return try await withThrowingTaskGroup(of: [Duration].self) { group in
      for _ in 0..<self.concurrency {
        group.addTask {
          var latencies: [Duration] = []
          latencies.reserveCapacity(100_000)
          switch rpc {
          case "unary":
            while clock.now < end {
              let start = clock.now
              _ = try await stub.unaryCall(unary)
              if start >= warmupEnd { latencies.append(clock.now - start) }
            }
          case "server-streaming":
            // One long stream per task; each received message counts as one "RPC".
            var many = bidi
            many.responseParameters = Array(repeating: oneResponse, count: 200_000)
            latencies = try await stub.streamingOutputCall(many) { response in
              var latencies: [Duration] = []
              var last = clock.now
              for try await _ in response.messages {
                let now = clock.now
                if now >= end { break }
                if last >= warmupEnd { latencies.append(now - last) }
                last = now
              }
              return latencies
            }
          default:  // bidi ping-pong on one stream per task
            let (requests, continuation) = AsyncStream.makeStream(of: Void.self)
            let streaming = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self) { writer in
              for await _ in requests { try await writer.write(bidi) }
            }
            continuation.yield()
            latencies = try await stub.fullDuplexCall(request: streaming) { response in
              var latencies: [Duration] = []
              var start = clock.now
              for try await _ in response.messages {
                let now = clock.now
                if start >= warmupEnd { latencies.append(now - start) }
                if now >= end { break }
                start = now
                continuation.yield()
              }
              continuation.finish()
              return latencies
            }
          }
          return latencies
        }
      }
      var all: [Duration] = []
      for try await part in group { all += part }
      return all
    }
  }

  private static func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
  }

  private static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(truncatingIfNeeded: RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }
}
