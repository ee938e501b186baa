import ArgumentParser
import Foundation
import GRDB
import GRPCCore
import RentGuyClient
import RentGuyProto
import RentGuyServices
import RentGuyStore
import RentGuyTransport
import SwiftProtobuf
import Synchronization

/// Bookings under load on a large rental company's data set, client and server in one process
/// over loopback HTTP/2 (the nghttp2 transport, the auth and idempotency interceptors, a file
/// database in WAL mode, every write answered once it is on disk):
///
/// - `generate`: writes the data set (see ``DataSet``) to `--database`.
/// - `availability`: CheckAvailability of 20 random products over a random 3-day period in 2027:
///   latency at concurrency 1, then throughput at `--concurrency`.
/// - `timeline`: GetAvailabilityTimeline of one random product over 2026: the same two runs.
/// - `confirm`: ConfirmBooking of DRAFT bookings on a few hot products (``ConfirmPool``) from
///   `--concurrency` clients, a fresh idempotency key each; then checks that nothing is overbooked.
/// - `watch`: the same while `--watchers` WatchBookingEvents streams (live_only) follow; checks
///   that every watcher got every event committed during the run, in order.
///
/// Every scenario but `generate` runs on a private copy of `--database`, which it never changes.
/// Prints one JSON line.
@main
struct BenchBooking: AsyncParsableCommand {
  @Option(help: "generate, availability, timeline, confirm or watch.")
  var scenario = "availability"

  @Option(help: "Concurrent RPCs (availability and timeline: the throughput run; confirm and watch: confirming clients).")
  var concurrency = 32

  @Option(help: "Client connections the concurrent RPCs are spread over (the watchers have their own).")
  var connections = 1

  @Option(help: "Seconds to measure per run (after a 1 s warm-up).")
  var duration = 5.0

  @Option(help: "The generated database (generate writes it; the others copy it).")
  var database = ".data/booking.sqlite"

  @Option(help: "Seed of the random generators (data set and requests).")
  var seed = 42

  @Option(help: "confirm, watch: hot bulk products.")
  var hotProducts = 20

  @Option(help: "confirm, watch: units of each hot product.")
  var hotCapacity = 1_000

  @Option(help: "confirm, watch: DRAFT bookings to confirm (rounded to whole weeks of 2028, at most 52).")
  var pool = 50_000

  @Option(help: "watch: WatchBookingEvents streams.")
  var watchers = 10

  @Option(help: "scans: scanner devices, one StreamScans stream each.")
  var devices = 8

  @Option(help: "scans: scans in flight per device (sent, not yet acknowledged).")
  var window = 512

  static let email = "bench@example.com"
  static let password = "bench password 123"

  var seedValue: UInt64 { UInt64(bitPattern: Int64(self.seed)) }

  func run() async throws {
    switch self.scenario {
    case "generate": try self.generate()
    case "availability": try await self.availability()
    case "timeline": try await self.timeline()
    case "confirm": try await self.confirm(watchers: 0)
    case "watch": try await self.confirm(watchers: self.watchers)
    case "scans": try await self.scans()
    default: throw ValidationError("unknown scenario '\(self.scenario)'")
    }
  }

  // MARK: - generate

  private func generate() throws {
    let manager = FileManager.default
    let directory = URL(fileURLWithPath: self.database).deletingLastPathComponent().path
    try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let partial = self.database + ".partial"
    for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: partial + suffix) }
    let report = try DataSet(seed: self.seedValue).generate(path: partial)
    guard fileSize(partial + "-wal") == 0 else { throw ValidationError("the generated database still has a write-ahead log") }
    for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: self.database + suffix) }
    try manager.moveItem(atPath: partial, toPath: self.database)
    for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: partial + suffix) }
    try emit(report)
  }

  // MARK: - availability and timeline

  struct ReadReport: Encodable {
    var scenario: String
    var description: String
    var latency: LoadResult.Report
    var throughput: LoadResult.Report
  }

  private func availability() async throws {
    let scratch = try Scratch(copying: self.database)
    defer { scratch.remove() }
    let store = try Store.open(.defaults { $0.location = .file(path: scratch.path) })
    let products = try await store.reader.read { db in try String.fetchAll(db, sql: "SELECT id FROM products ORDER BY sku") }
    let call: @Sendable (RentGuyClient, inout SeededGenerator) async throws -> Outcome = { client, rng in
      var request = Rentguy_Booking_V1_CheckAvailabilityRequest()
      var picked = Set<Int>()
      while picked.count < 20 { picked.insert(Int.random(in: 0..<products.count, using: &rng)) }
      for index in picked.sorted() {
        var item = Rentguy_Booking_V1_ItemRequest()
        item.productID = products[index]
        item.quantity = Int32.random(in: 1...3, using: &rng)
        request.items.append(item)
      }
      let start = Time.y2027 + Int64.random(in: 0..<362, using: &rng) * Time.day + Int64.random(in: 0..<24, using: &rng) * Time.hour
      request.schedule.usage.start = timestamp(start)
      request.schedule.usage.end = timestamp(start + 3 * Time.day)
      let response = try await client.booking.checkAvailability(request)
      return response.available ? .ok : .refused
    }
    let (latency, throughput) = try await self.reads(store: store, call: call)
    try emit(
      ReadReport(
        scenario: "availability", description: "CheckAvailability, 20 random products (1-3 each), random 3-day usage in 2027; refused = not available",
        latency: latency.report, throughput: throughput.report
      )
    )
  }

  private func timeline() async throws {
    let scratch = try Scratch(copying: self.database)
    defer { scratch.remove() }
    let store = try Store.open(.defaults { $0.location = .file(path: scratch.path) })
    let products = try await store.reader.read { db in try String.fetchAll(db, sql: "SELECT id FROM products ORDER BY sku") }
    let call: @Sendable (RentGuyClient, inout SeededGenerator) async throws -> Outcome = { client, rng in
      var request = Rentguy_Booking_V1_GetAvailabilityTimelineRequest()
      request.productID = products[Int.random(in: 0..<products.count, using: &rng)]
      request.range.start = timestamp(Time.y2026)
      request.range.end = timestamp(Time.y2027)
      let response = try await client.booking.getAvailabilityTimeline(request)
      // "refused": a timeline without a single booked day (should not happen on this data set).
      return response.days.contains { !$0.bookingIds.isEmpty } ? .ok : .refused
    }
    let (latency, throughput) = try await self.reads(store: store, call: call)
    try emit(
      ReadReport(
        scenario: "timeline", description: "GetAvailabilityTimeline, one random product, 2026-01-01 to 2027-01-01 (server time zone)",
        latency: latency.report, throughput: throughput.report
      )
    )
  }

  /// Latency at concurrency 1, then throughput at `concurrency`, on one served copy.
  private func reads(
    store: Store, call: @escaping @Sendable (RentGuyClient, inout SeededGenerator) async throws -> Outcome
  ) async throws -> (LoadResult, LoadResult) {
    let (concurrency, connections, duration, seed) = (self.concurrency, self.connections, self.duration, self.seedValue)
    return try await withServer(store: store, heartbeat: .seconds(10)) { configuration in
      let latency = try await runLoad(configuration: configuration, concurrency: 1, duration: duration, seed: seed, call: call)
      let throughput = try await runLoad(
        configuration: configuration, concurrency: concurrency, connections: connections, duration: duration, seed: seed &+ 1, call: call
      )
      return (latency, throughput)
    }
  }

  // MARK: - confirm and watch

  struct ConfirmReport: Encodable {
    var scenario: String
    var description: String
    var pool: ConfirmPool.Summary
    var load: LoadResult.Report
    var verification: ConfirmPool.Verification
    var watch: WatchBoard.Report?
  }

  private func confirm(watchers: Int) async throws {
    let scratch = try Scratch(copying: self.database)
    defer { scratch.remove() }
    let store = try Store.open(.defaults { $0.location = .file(path: scratch.path) })
    let prepared = ContinuousClock.now
    let pool = try ConfirmPool.prepare(
      store: store, products: self.hotProducts, capacity: self.hotCapacity, size: self.pool, seed: self.seedValue
    )
    FileHandle.standardError.write(Data("pool of \(pool.drafts.count) drafts ready in \(secondsOf(ContinuousClock.now - prepared)) s\n".utf8))
    let cursor = DraftCursor(count: pool.drafts.count)
    let refusals = Refusals()
    let drafts = pool.drafts.map(\.id)
    let call: @Sendable (RentGuyClient, inout SeededGenerator) async throws -> Outcome = { client, _ in
      guard let index = cursor.take() else { return .stop }
      var request = Rentguy_Booking_V1_ConfirmBookingRequest()
      request.bookingID = drafts[index]
      request.idempotencyKey = UUID().uuidString
      do {
        _ = try await client.booking.confirmBooking(request)
        return .ok
      } catch let error as RPCError where error.code == .failedPrecondition && error.message.hasPrefix("not enough stock") {
        refusals.add(index)
        return .refused
      }
    }
    let (concurrency, connections, duration, seed) = (self.concurrency, self.connections, self.duration, self.seedValue)
    // Watchers get a heartbeat after 1 s without events, so that they notice the end of the run.
    let (load, watch) = try await withServer(store: store, heartbeat: .seconds(watchers > 0 ? 1 : 10)) {
      configuration -> (LoadResult, WatchBoard.Report?) in
      guard watchers > 0 else {
        let confirmed = try await runLoad(
          configuration: configuration, concurrency: concurrency, connections: connections, duration: duration, seed: seed, call: call
        )
        return (confirmed, nil)
      }
      let (confirmed, report) = try await watchWhileLoading(store: store, configuration: configuration, watchers: watchers) {
        try await runLoad(
          configuration: configuration, concurrency: concurrency, connections: connections, duration: duration, seed: seed, call: call
        )
      }
      return (confirmed, report)
    }
    let verification = try pool.verify(store: store, confirmedAnswers: load.totalOK, refused: refusals.all)
    try emit(
      ConfirmReport(
        scenario: watchers > 0 ? "watch" : "confirm",
        description: "ConfirmBooking of one-unit DRAFT bookings on \(pool.hot.count) hot bulk products, fresh idempotency key each"
          + (watchers > 0 ? ", while \(watchers) WatchBookingEvents streams (live_only) follow" : ""),
        pool: pool.summary, load: load.report, verification: verification, watch: watch
      )
    )
  }
}

// MARK: - Serving

/// Serves IdentityService and BookingService on the nghttp2 transport with the server's
/// interceptors (authentication and access, idempotency), creates an administrator (the
/// built-in "admin" role) and signs in; runs `body` with a client configuration carrying the
/// access token.
func withServer<R: Sendable>(
  store: Store,
  heartbeat: Duration,
  _ body: (ClientConfiguration) async throws -> R
) async throws -> R {
  let writer = BatchedWriter(store: store)
  let identityRepository = SQLIdentityRepository(store: store, writer: writer)
  let passwords = try PasswordHasher()
  let tokens = AccessTokens(repository: identityRepository)
  let authenticator = Authenticator(tokens: tokens, repository: identityRepository)
  try await AdminBootstrap(repository: identityRepository, passwords: passwords)
    .createAdmin(email: BenchBooking.email, password: BenchBooking.password)
  try await authenticator.loadRevokedSessions()
  let identity = IdentityService(repository: identityRepository, passwords: passwords, tokens: tokens, authenticator: authenticator)
  var configuration = BookingConfiguration()
  configuration.heartbeat = heartbeat
  let feed = BookingEventFeed()
  let booking = BookingService(repository: SQLBookingRepository(store: store, writer: writer), configuration: configuration, feed: feed)
  let warehouse = WarehouseService(repository: SQLWarehouseRepository(store: store, writer: writer), feed: feed)
  let idempotency = IdempotencyInterceptor(records: IdempotencyRecords(store: store), writer: writer)
  try await idempotency.loadKeys()
  let transport = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 0))
  let server = GRPCServer(
    transport: transport,
    services: [identity, booking, warehouse],
    interceptors: [AuthInterceptor(authenticator: authenticator), idempotency]
  )
  return try await withThrowingTaskGroup(of: R?.self) { group in
    group.addTask {
      try await server.serve()
      return nil
    }
    let result: R
    do {
      let port = try await transport.listeningAddress.port ?? 0
      var clientConfiguration = ClientConfiguration.defaults
      clientConfiguration.server = ServerAddress(target: .host("127.0.0.1", port: port), usesTLS: false)
      let token = try await RentGuyClient.withClient(clientConfiguration) { client in
        try await client.identity.login(.with {
          $0.email = BenchBooking.email
          $0.password = BenchBooking.password
        }).tokens.accessToken
      }
      clientConfiguration.token = token
      result = try await body(clientConfiguration)
    } catch {
      server.beginGracefulShutdown()
      throw error
    }
    server.beginGracefulShutdown()
    while let next = try await group.next() { if next != nil { break } }
    return result
  }
}

// MARK: - Watching

/// What the watchers saw.
final class WatchBoard: Sendable {
  struct Watcher: Sendable {
    var caughtUpAt: Int64?
    var events = 0
    var confirmed = 0
    var last: Int64 = 0
    var inOrder = true
    var lagsMs: [Int64] = []
    var error: String?
  }

  private struct State: Sendable {
    var watchers: [Watcher]
    var target: Int64?
  }

  private let state: Mutex<State>

  init(count: Int) {
    self.state = Mutex(State(watchers: Array(repeating: Watcher(), count: count), target: nil))
  }

  func caughtUp(_ index: Int, at sequence: Int64) {
    self.state.withLock { state in
      state.watchers[index].caughtUpAt = sequence
      state.watchers[index].last = sequence
    }
  }

  func received(_ index: Int, _ event: Rentguy_Booking_V1_BookingEvent) {
    let now = Time.now()
    let occurred = event.occurredAt.seconds * 1000 + Int64(event.occurredAt.nanos / 1_000_000)
    self.state.withLock { state in
      if event.sequence <= state.watchers[index].last { state.watchers[index].inOrder = false }
      state.watchers[index].last = max(state.watchers[index].last, event.sequence)
      state.watchers[index].events += 1
      if event.type == .confirmed { state.watchers[index].confirmed += 1 }
      state.watchers[index].lagsMs.append(now - occurred)
    }
  }

  func failed(_ index: Int, _ error: any Error) {
    let message = String(describing: error)
    self.state.withLock { state in
      // Once a watcher has everything, its stream is cancelled on purpose.
      if let target = state.target, state.watchers[index].last >= target { return }
      state.watchers[index].error = message
    }
  }

  /// Whether this watcher has every event up to the target.
  func isDone(_ index: Int) -> Bool {
    self.state.withLock { state in
      guard let target = state.target else { return false }
      return state.watchers[index].last >= target
    }
  }

  var allCaughtUp: Bool {
    self.state.withLock { state in state.watchers.allSatisfy { $0.caughtUpAt != nil || $0.error != nil } }
  }

  var allDone: Bool {
    self.state.withLock { state in
      guard let target = state.target else { return false }
      return state.watchers.allSatisfy { $0.last >= target || $0.error != nil }
    }
  }

  func finish(at target: Int64) { self.state.withLock { $0.target = target } }

  struct Report: Encodable, Sendable {
    var watchers: Int
    /// booking_events rows added during the run, and how many of them are CONFIRMED events.
    var eventsCommitted: Int
    var confirmedCommitted: Int
    var firstSequence: Int64
    var lastSequence: Int64
    /// Per watcher: events received (all CONFIRMED).
    var received: [Int]
    var confirmedReceived: [Int]
    /// Every watcher got exactly the committed events, sequences strictly increasing.
    var allReceived: Bool
    var inOrder: Bool
    /// From an event's occurred_at (when its ConfirmBooking started) to its arrival at a watcher.
    var lagP50Ms: Int
    var lagP99Ms: Int
    var lagMaxMs: Int
    var errors: [String]
  }

  func report(baseline: Int64, committed: Int, confirmed: Int, last: Int64) -> Report {
    self.state.withLock { state in
      let lags = state.watchers.flatMap(\.lagsMs).sorted()
      func lag(_ p: Double) -> Int { lags.isEmpty ? 0 : Int(lags[min(lags.count - 1, Int(Double(lags.count) * p))]) }
      let complete = state.watchers.allSatisfy { watcher in
        watcher.caughtUpAt == baseline && watcher.events == committed && watcher.last == last && watcher.inOrder && watcher.error == nil
      }
      return Report(
        watchers: state.watchers.count, eventsCommitted: committed, confirmedCommitted: confirmed, firstSequence: baseline + 1,
        lastSequence: last, received: state.watchers.map(\.events), confirmedReceived: state.watchers.map(\.confirmed),
        allReceived: complete, inOrder: state.watchers.allSatisfy(\.inOrder), lagP50Ms: lag(0.5), lagP99Ms: lag(0.99),
        lagMaxMs: lag(1.0), errors: state.watchers.compactMap(\.error)
      )
    }
  }
}

/// Opens `watchers` WatchBookingEvents streams (live_only, one connection each), waits until
/// each is live, runs `load`, then waits until each has received every event committed by then.
func watchWhileLoading(
  store: Store,
  configuration: ClientConfiguration,
  watchers: Int,
  load: () async throws -> LoadResult
) async throws -> (LoadResult, WatchBoard.Report) {
  let board = WatchBoard(count: watchers)
  return try await withThrowingTaskGroup(of: Void.self) { group in
    for index in 0..<watchers {
      group.addTask {
        do {
          try await RentGuyClient.withClient(configuration) { client in
            var request = Rentguy_Booking_V1_WatchBookingEventsRequest()
            request.liveOnly = true
            var options = CallOptions.defaults
            options.timeout = .seconds(600)
            try await client.booking.watchBookingEvents(request, options: options) { response in
              receive: for try await message in response.messages {
                switch message.kind {
                case .caughtUp(let marker)?: board.caughtUp(index, at: marker.lastSequence)
                case .event(let event)?: board.received(index, event)
                case .heartbeat?, nil: break
                }
                if board.isDone(index) { break receive }
              }
            }
          }
        } catch {
          board.failed(index, error)
        }
      }
    }
    let live = ContinuousClock.now + .seconds(30)
    while !board.allCaughtUp {
      guard ContinuousClock.now < live else { throw ValidationError("the watchers did not go live within 30 s") }
      try await Task.sleep(for: .milliseconds(10))
    }
    let baseline = try await store.reader.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM booking_events") ?? 0 }
    let result = try await load()
    // Every ConfirmBooking was answered, so every event of the run has committed.
    let committed = try await store.reader.read { db -> Committed in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT COUNT(*) AS count, COALESCE(MAX(sequence), ?) AS last, COALESCE(SUM(type = 4), 0) AS confirmed
            FROM booking_events WHERE sequence > ?
            """,
          arguments: [baseline, baseline]
        )
      else { return Committed(count: 0, last: baseline, confirmed: 0) }
      let count: Int = row["count"]
      let last: Int64 = row["last"]
      let confirmed: Int = row["confirmed"]
      return Committed(count: count, last: last, confirmed: confirmed)
    }
    board.finish(at: committed.last)
    let deadline = ContinuousClock.now + .seconds(30)
    while !board.allDone && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    group.cancelAll()
    while try await group.next() != nil {}
    return (
      result, board.report(baseline: baseline, committed: committed.count, confirmed: committed.confirmed, last: committed.last)
    )
  }
}

struct Committed: Sendable {
  var count: Int
  var last: Int64
  var confirmed: Int
}

// MARK: - Helpers

/// A private copy of the generated database in a temporary directory.
struct Scratch {
  let directory: String
  let path: String

  init(copying source: String) throws {
    let manager = FileManager.default
    guard manager.fileExists(atPath: source) else {
      throw ValidationError("no database at \(source): run --scenario generate --database \(source) first")
    }
    let directory = manager.temporaryDirectory.appendingPathComponent("bench-booking-\(UUID().uuidString)").path
    try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/booking.sqlite"
    try manager.copyItem(atPath: source, toPath: path)
    if manager.fileExists(atPath: source + "-wal") { try manager.copyItem(atPath: source + "-wal", toPath: path + "-wal") }
    self.directory = directory
    self.path = path
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: self.directory)
  }
}

func timestamp(_ milliseconds: Int64) -> Google_Protobuf_Timestamp {
  Google_Protobuf_Timestamp(seconds: milliseconds / 1000, nanos: Int32(milliseconds % 1000) * 1_000_000)
}

/// Prints `value` as one JSON line (snake_case keys).
func emit<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.keyEncodingStrategy = .convertToSnakeCase
  encoder.outputFormatting = [.sortedKeys]
  let data = try encoder.encode(value)
  print(String(decoding: data, as: UTF8.self))
}
