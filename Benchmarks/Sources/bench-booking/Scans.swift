import Foundation
import GRPCCore
import RentGuyClient
import RentGuyProto
import RentGuyStore
import SwiftProtobuf
import Synchronization

/// `scans`: `--devices` scanner devices, each with its own device API key and one StreamScans
/// stream, send AUDIT scans of random assets of the data set as fast as their acks allow (at most
/// `--window` unacknowledged per device). Reports acknowledged scans per second and the time from
/// sending a scan to its ack (which comes only after the scan's transaction committed).
extension BenchBooking {
  func scans() async throws {
    let scratch = try Scratch(copying: self.database)
    defer { scratch.remove() }
    let store = try Store.open(.defaults { $0.location = .file(path: scratch.path) })
    let barcodes = try await store.reader.read { db in try String.fetchAll(db, sql: "SELECT barcode FROM assets ORDER BY id") }
    let (devices, window, duration, seed) = (self.devices, self.window, self.duration, self.seedValue)
    let report = try await withServer(store: store, heartbeat: .seconds(10)) { configuration -> ScanReport in
      // One device key each, made by the administrator.
      var keys: [(device: String, secret: String)] = []
      try await RentGuyClient.withClient(configuration) { client in
        for index in 0..<devices {
          let created = try await client.identity.createApiKey(.with {
            $0.idempotencyKey = UUID().uuidString
            $0.name = "bench scanner \(index)"
            $0.kind = .device
            $0.deviceID = "bench-scanner-\(index)"
            $0.roleIds = ["warehouse"]
          })
          keys.append((created.apiKey.deviceID, created.secret))
        }
      }
      let tally = ScanTally()
      let deadline = ContinuousClock.now + .seconds(1) + .seconds(duration)
      let measureFrom = ContinuousClock.now + .seconds(1)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for (index, key) in keys.enumerated() {
          var device = configuration
          device.token = key.secret
          device.defaultTimeout = .seconds(600)
          group.addTask {
            let started = Mutex<[String: ContinuousClock.Instant]>([:])
            let credits = Credits(window)
            try await RentGuyClient.withClient(device) { client in
              try await client.warehouse.streamScans(
                requestProducer: { writer in
                  var generator = SeededGenerator(seed: seed &+ UInt64(index))
                  var sequence: Int64 = 0
                  while ContinuousClock.now < deadline {
                    await credits.take()
                    sequence += 1
                    var scan = Rentguy_Warehouse_V1_ScanRequest()
                    scan.deviceID = key.device
                    // A time-ordered (version 7) UUID, as rentguy-scan makes them; the random
                    // bits drawn from the seeded generator (Foundation's UUID() opens
                    // /dev/urandom for each one).
                    scan.clientScanID = uuid7(using: &generator)
                    scan.deviceSequence = sequence
                    scan.barcode = barcodes[Int(generator.next() % UInt64(barcodes.count))]
                    scan.action = .audit
                    scan.scannedAt = Google_Protobuf_Timestamp(date: Date())
                    started.withLock { $0[scan.clientScanID] = .now }
                    try await writer.write(scan)
                  }
                },
                onResponse: { response in
                  for try await ack in response.messages {
                    let now = ContinuousClock.now
                    let sent = started.withLock { $0.removeValue(forKey: ack.clientScanID) }
                    credits.give()
                    if now >= measureFrom, let sent { tally.add(latency: now - sent, result: ack.result) }
                  }
                }
              )
            }
          }
        }
        try await group.waitForAll()
      }
      return tally.report(devices: devices, window: window, seconds: duration)
    }
    try emit(report)
  }
}

/// A version 7 UUID: the time in milliseconds, then random bits from `generator`.
func uuid7(using generator: inout SeededGenerator) -> String {
  let milliseconds = UInt64(Date().timeIntervalSince1970 * 1000)
  let (high, low) = (generator.next(), generator.next())
  var bytes = (0..<6).map { UInt8(truncatingIfNeeded: milliseconds >> (40 - $0 * 8)) }
    + (0..<2).map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
  bytes[6] = (bytes[6] & 0x0F) | 0x70
  bytes[8] = (bytes[8] & 0x3F) | 0x80
  return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                     bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])).uuidString
}

/// At most `count` scans in flight.
final class Credits: Sendable {
  private let state: Mutex<(free: Int, waiting: [CheckedContinuation<Void, Never>])>

  init(_ count: Int) { self.state = Mutex((count, [])) }

  func take() async {
    await withCheckedContinuation { continuation in
      let now = self.state.withLock { state -> Bool in
        if state.free > 0 {
          state.free -= 1
          return true
        }
        state.waiting.append(continuation)
        return false
      }
      if now { continuation.resume() }
    }
  }

  func give() {
    let next = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
      if state.waiting.isEmpty {
        state.free += 1
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.resume()
  }
}

/// Acks counted after the warm-up.
final class ScanTally: Sendable {
  private let state = Mutex((latencies: [Int64](), results: [Int: Int]()))

  func add(latency: Duration, result: Rentguy_Warehouse_V1_ScanResult) {
    let micros = latency.components.seconds * 1_000_000 + latency.components.attoseconds / 1_000_000_000_000
    self.state.withLock {
      $0.latencies.append(micros)
      $0.results[result.rawValue, default: 0] += 1
    }
  }

  func report(devices: Int, window: Int, seconds: Double) -> ScanReport {
    self.state.withLock { state in
      let sorted = state.latencies.sorted()
      func at(_ p: Double) -> Int64 { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
      return ScanReport(
        scenario: "scans", devices: devices, window: window, seconds: seconds, acks: sorted.count,
        rate: Int(Double(sorted.count) / seconds), p50Us: at(0.5), p99Us: at(0.99), maxUs: at(1.0),
        accepted: state.results[Rentguy_Warehouse_V1_ScanResult.accepted.rawValue, default: 0],
        conflicts: state.results[Rentguy_Warehouse_V1_ScanResult.conflict.rawValue, default: 0]
      )
    }
  }
}

struct ScanReport: Encodable {
  var scenario: String
  var devices: Int
  var window: Int
  var seconds: Double
  var acks: Int
  var rate: Int
  var p50Us: Int64
  var p99Us: Int64
  var maxUs: Int64
  var accepted: Int
  var conflicts: Int
}
