import Foundation
import RentGuyClient
import Synchronization

/// What one call did.
enum Outcome: Sendable, Equatable {
  /// Answered as hoped (available; confirmed).
  case ok
  /// Answered with a refusal the scenario expects (not available; refused for shortage).
  case refused
  /// Nothing left to do (the pool of drafts is used up): the worker stops.
  case stop
}

/// Calls from `concurrency` tasks: a 1 s warm-up, then `duration` seconds measured (latency of
/// each call started after the warm-up).
struct LoadResult: Sendable {
  var concurrency: Int
  var connections: Int
  /// Seconds measured: `duration`, or less when the work ran out.
  var seconds: Double
  var latencies: [Duration] = []
  var ok = 0
  var refused = 0
  /// Including the warm-up.
  var totalOK = 0
  var totalRefused = 0
  var errors = 0
  var firstError: String?
  var ranOut = false

  var calls: Int { self.latencies.count }
  var rate: Int { self.seconds > 0 ? Int((Double(self.calls) / self.seconds).rounded()) : 0 }

  struct Report: Encodable {
    var concurrency: Int
    var connections: Int
    var seconds: Double
    var calls: Int
    var rate: Int
    var ok: Int
    var refused: Int
    var okRate: Int
    var p50Us: Int
    var p90Us: Int
    var p99Us: Int
    var maxUs: Int
    var errors: Int
    var firstError: String?
    var ranOut: Bool
  }

  var report: Report {
    let sorted = self.latencies.sorted()
    func micros(_ p: Double) -> Int {
      guard !sorted.isEmpty else { return 0 }
      let duration = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
      return Int((secondsOf(duration) * 1e6).rounded())
    }
    return Report(
      concurrency: self.concurrency, connections: self.connections, seconds: (self.seconds * 1000).rounded() / 1000, calls: self.calls,
      rate: self.rate, ok: self.ok, refused: self.refused, okRate: self.seconds > 0 ? Int((Double(self.ok) / self.seconds).rounded()) : 0,
      p50Us: micros(0.5), p90Us: micros(0.9), p99Us: micros(0.99), maxUs: micros(1.0), errors: self.errors, firstError: self.firstError,
      ranOut: self.ranOut
    )
  }
}

/// Runs `call` from `concurrency` tasks spread over `connections` client connections; each task
/// has its own seeded generator (seed + task number), so a run asks the same questions every time.
func runLoad(
  configuration: ClientConfiguration,
  concurrency: Int,
  connections: Int = 1,
  duration: Double,
  seed: UInt64,
  call: @escaping @Sendable (RentGuyClient, inout SeededGenerator) async throws -> Outcome
) async throws -> LoadResult {
  struct Part: Sendable {
    var latencies: [Duration] = []
    var ok = 0
    var refused = 0
    var totalOK = 0
    var totalRefused = 0
    var errors = 0
    var firstError: String?
    var ranOut = false
    var lastFinish: ContinuousClock.Instant?
  }
  let clock = ContinuousClock()
  let warmupEnd = clock.now + .seconds(1)
  let end = warmupEnd + .milliseconds(Int(duration * 1000))
  let connectionCount = max(1, min(connections, concurrency))
  let parts = try await withThrowingTaskGroup(of: [Part].self) { connectionGroup in
    for connection in 0..<connectionCount {
      connectionGroup.addTask {
        try await RentGuyClient.withClient(configuration) { client in
          try await withThrowingTaskGroup(of: Part.self) { group in
            for worker in stride(from: connection, to: concurrency, by: connectionCount) {
              group.addTask {
                var rng = SeededGenerator(seed: seed &+ UInt64(worker) &* 0x9E37_79B9_7F4A_7C15)
                var part = Part()
                while clock.now < end {
                  let start = clock.now
                  let outcome: Outcome
                  do {
                    outcome = try await call(client, &rng)
                  } catch {
                    part.errors += 1
                    if part.firstError == nil { part.firstError = String(describing: error) }
                    continue
                  }
                  let finish = clock.now
                  if outcome == .stop {
                    part.ranOut = true
                    break
                  }
                  if outcome == .ok { part.totalOK += 1 } else { part.totalRefused += 1 }
                  part.lastFinish = finish
                  if start >= warmupEnd {
                    part.latencies.append(finish - start)
                    if outcome == .ok { part.ok += 1 } else { part.refused += 1 }
                  }
                }
                return part
              }
            }
            var collected: [Part] = []
            for try await part in group { collected.append(part) }
            return collected
          }
        }
      }
    }
    var all: [Part] = []
    for try await some in connectionGroup { all += some }
    return all
  }
  var result = LoadResult(concurrency: concurrency, connections: connectionCount, seconds: duration)
  var lastFinish = warmupEnd
  for part in parts {
    result.latencies += part.latencies
    result.ok += part.ok
    result.refused += part.refused
    result.totalOK += part.totalOK
    result.totalRefused += part.totalRefused
    result.errors += part.errors
    result.firstError = result.firstError ?? part.firstError
    result.ranOut = result.ranOut || part.ranOut
    if let finish = part.lastFinish, finish > lastFinish { lastFinish = finish }
  }
  if result.ranOut { result.seconds = min(duration, secondsOf(lastFinish - warmupEnd)) }
  return result
}

/// Hands out the drafts, each once.
final class DraftCursor: Sendable {
  private let position = Mutex(0)
  private let count: Int

  init(count: Int) {
    self.count = count
  }

  func take() -> Int? {
    self.position.withLock { position in
      guard position < self.count else { return nil }
      defer { position += 1 }
      return position
    }
  }
}

/// The drafts refused for shortage (their index in the pool).
final class Refusals: Sendable {
  private let indices = Mutex<[Int]>([])

  func add(_ index: Int) { self.indices.withLock { $0.append(index) } }
  var all: [Int] { self.indices.withLock { $0 } }
}
