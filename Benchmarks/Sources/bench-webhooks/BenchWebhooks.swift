import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import RentGuyProviders
import Synchronization

/// `senders` concurrent senders POST Stripe events to `/webhooks/stripe` back to back for
/// `duration` seconds (after a 1 s warm-up). Every event is unique and signed before the run
/// (`Stripe-Signature`, the server's endpoint secret), so the server verifies, stores (once per
/// event id, with its apply job, group-committed) and answers each. Prints one JSON line.
@main
struct BenchWebhooks: AsyncParsableCommand {
  @Option(help: "The REST shim, e.g. http://127.0.0.1:50782") var url = "http://127.0.0.1:50782"
  @Option(help: "The Stripe endpoint secret the server verifies with.") var secret = "whsec_bench"
  @Option var senders = 32
  @Option var duration = 10.0

  func run() async throws {
    let client = HTTPClient(
      eventLoopGroupProvider: .singleton,
      configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: self.senders))
    )
    let target = self.url + "/webhooks/stripe"
    let secret = self.secret
    let tally = Tally()
    let start = ContinuousClock.now
    let measureFrom = start + .seconds(1)
    let deadline = measureFrom + .seconds(self.duration)
    let run = UUID().uuidString.prefix(8)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<self.senders {
        group.addTask {
          while ContinuousClock.now < deadline {
            let n = tally.counter.withLock { value -> Int in
              value += 1
              return value
            }
            let body = Array(
              #"{"id":"evt_bench\#(run)\#(n)","object":"event","type":"payment_intent.succeeded","created":\#(Int(Date().timeIntervalSince1970)),"data":{"object":{"id":"pi_bench\#(n)","object":"payment_intent","status":"succeeded","metadata":{"payment_id":"pay_bench\#(n)"}}}}"#.utf8
            )
            var request = HTTPClientRequest(url: target)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(
              name: "Stripe-Signature", value: StripeSignature.header(payload: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970))
            )
            request.body = .bytes(ByteBuffer(bytes: body))
            let sent = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 16)
            let now = ContinuousClock.now
            if sent >= measureFrom && now <= deadline {
              let (seconds, attoseconds) = (now - sent).components
              let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
              tally.results.withLock {
                $0.latencies.append(micros)
                $0.statuses[Int(response.status.code), default: 0] += 1
              }
            }
          }
        }
      }
      try await group.waitForAll()
    }
    try await client.shutdown()
    let (latencies, statuses) = tally.results.withLock { ($0.latencies.sorted(), $0.statuses) }
    func at(_ p: Double) -> Int64 { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    let report: [String: Any] = [
      "scenario": "webhooks", "senders": self.senders, "seconds": self.duration, "requests": latencies.count,
      "rate": Int(Double(latencies.count) / self.duration), "p50_us": at(0.5), "p99_us": at(0.99), "max_us": at(1.0),
      "statuses": Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) }),
    ]
    let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  }
}

/// What the senders share.
final class Tally: Sendable {
  let counter = Mutex(0)
  let results = Mutex((latencies: [Int64](), statuses: [Int: Int]()))
}
