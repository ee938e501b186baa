import ArgumentParser
import Foundation
import GRPCCore
import RentGuyClient
import RentGuyProto
import RentGuyServices
import RentGuyStore
import RentGuyTransport

/// Identity and access under load, client and server in one process over loopback HTTP/2:
///
/// - `login`: Login (Argon2id at OWASP parameters) from `concurrency` tasks: latency percentiles.
/// - `auth-overhead`: ListPermissions with the auth interceptor (an access token verified on
///   every call) and without it, same load: the throughput ratio.
/// - `mutations`: CreateUser with a fresh idempotency key each (audited, idempotent,
///   group-committed, answered once on disk): rate. `mutations-without-key`: the same without
///   an idempotency key.
/// - `store`, `store-with-find`: CreateUser's unit of work through the group commit alone, no RPC
///   (with the idempotency lookup a call makes first).
///
/// Prints one JSON line per scenario.
@main
struct BenchIdentity: AsyncParsableCommand {
  @Option(help: "login, auth-overhead or mutations.")
  var scenario = "mutations"

  @Option(help: "Concurrent RPCs.")
  var concurrency = 32

  @Option(help: "Seconds to run (after a 1 s warm-up).")
  var duration = 5.0

  static let email = "bench@example.com"
  static let password = "bench password 123"

  func run() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-identity-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try Store.open(.defaults { $0.location = .file(path: directory + "/bench.sqlite") })
    let writer = BatchedWriter(store: store)
    let repository = SQLIdentityRepository(store: store, writer: writer)
    let passwords = try PasswordHasher()
    let tokens = AccessTokens(repository: repository)
    let authenticator = Authenticator(tokens: tokens, repository: repository)
    try await AdminBootstrap(repository: repository, passwords: passwords)
      .createAdmin(email: Self.email, password: Self.password)
    let service = IdentityService(repository: repository, passwords: passwords, tokens: tokens, authenticator: authenticator)
    let auth = AuthInterceptor(authenticator: authenticator)
    let idempotency = IdempotencyInterceptor(records: IdempotencyRecords(store: store), writer: writer)

    switch self.scenario {
    case "store", "store-with-find":
      let withFind = self.scenario == "store-with-find"
      let records = IdempotencyRecords(store: store)
      // The write path alone (no RPC): the same unit of work as CreateUser, from `concurrency` tasks.
      let started = ContinuousClock.now
      let end = started + .milliseconds(Int(self.duration * 1000))
      let count = try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<self.concurrency {
          group.addTask {
            var n = 0
            while ContinuousClock.now < end {
              let key = "\(worker)-\(n)"
              let claim = IdempotencyClaim(principalID: "usr_bench", method: "m", key: key, requestHash: Data([1]))
              claim.prepareResponse(Data(count: 100))
              let now = Date()
              if withFind { _ = try await records.find(principalID: "usr_bench", method: "m", key: key) }
              try await IdempotencyClaim.$current.withValue(claim) {
                try await repository.createUser(
                  StoredUser(id: Identifier.make("usr"), email: "\(key)@store.example", displayName: key, passwordHash: nil,
                             roleIDs: ["crew"], createdAt: now, updatedAt: now),
                  audit: AuditEntry(actorID: "usr_bench", action: "bench")
                )
              }
              n += 1
            }
            return n
          }
        }
        var total = 0
        for try await part in group { total += part }
        return total
      }
      print(#"{"scenario":"\#(self.scenario)","concurrency":\#(self.concurrency),"rate":\#(Int(Double(count) / self.duration)),"transactions":\#(writer.transactionCount)}"#)
    case "login":
      let result = try await self.measure(service: service, interceptors: [auth]) { client, _ in
        _ = try await client.identity.login(.with {
          $0.email = Self.email
          $0.password = Self.password
        })
      }
      self.report(result)
    case "auth-overhead":
      let with = try await self.measure(service: service, interceptors: [auth]) { client, _ in
        _ = try await client.identity.listPermissions(.init())
      }
      self.report(with, label: "with-auth")
      let without = try await self.measure(service: service, interceptors: []) { client, _ in
        _ = try await client.identity.listPermissions(.init())
      }
      self.report(without, label: "without-auth")
      print(#"{"scenario":"auth-overhead","ratio":\#(String(format: "%.2f", Double(with.count) / Double(max(without.count, 1))))}"#)
    default:
      let withKey = self.scenario != "mutations-without-key"
      let result = try await self.measure(service: service, interceptors: [auth, idempotency]) { client, sequence in
        let key = UUID().uuidString
        _ = try await client.identity.createUser(.with {
          $0.idempotencyKey = withKey ? key : ""
          $0.email = "\(key)@bench.example"
          $0.displayName = "Bench \(sequence)"
          $0.roleIds = ["crew"]
        })
      }
      self.report(result)
      FileHandle.standardError.write(Data("transactions: \(writer.transactionCount)\n".utf8))
    }
  }

  struct Result {
    var count: Int
    var latencies: [Duration]
  }

  /// Serves `service` with `interceptors` on loopback and runs `call` from `concurrency` tasks.
  private func measure(
    service: IdentityService,
    interceptors: [any ServerInterceptor],
    call: @escaping @Sendable (RentGuyClient, Int) async throws -> Void
  ) async throws -> Result {
    let transport = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 0))
    let server = GRPCServer(transport: transport, services: [service], interceptors: interceptors)
    return try await withThrowingTaskGroup(of: Result?.self) { group in
      group.addTask {
        try await server.serve()
        return nil
      }
      let port = try await transport.listeningAddress.port ?? 0
      var configuration = ClientConfiguration.defaults
      configuration.server = ServerAddress(target: .host("127.0.0.1", port: port), usesTLS: false)
      let token = try await RentGuyClient.withClient(configuration) { client in
        try await client.identity.login(.with {
          $0.email = Self.email
          $0.password = Self.password
        }).tokens.accessToken
      }
      configuration.token = token
      let concurrency = self.concurrency
      let duration = self.duration
      let result = try await RentGuyClient.withClient(configuration) { client in
        try await withThrowingTaskGroup(of: [Duration].self) { tasks in
          let clock = ContinuousClock()
          let warmupEnd = clock.now + .seconds(1)
          let end = warmupEnd + .milliseconds(Int(duration * 1000))
          for worker in 0..<concurrency {
            tasks.addTask {
              var latencies: [Duration] = []
              var sequence = worker * 1_000_000
              while clock.now < end {
                let start = clock.now
                try await call(client, sequence)
                sequence += 1
                if start >= warmupEnd { latencies.append(clock.now - start) }
              }
              return latencies
            }
          }
          var all: [Duration] = []
          for try await part in tasks { all += part }
          return Result(count: all.count, latencies: all)
        }
      }
      server.beginGracefulShutdown()
      while let next = try await group.next() { if next != nil { break } }
      return result
    }
  }

  private func report(_ result: Result, label: String? = nil) {
    let sorted = result.latencies.sorted()
    func percentile(_ p: Double) -> Int {
      guard !sorted.isEmpty else { return 0 }
      let d = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
      return Int(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
    }
    print(
      #"{"scenario":"\#(label ?? self.scenario)","concurrency":\#(self.concurrency),"rate":\#(Int(Double(result.count) / self.duration)),"p50_us":\#(percentile(0.5)),"p99_us":\#(percentile(0.99))}"#
    )
  }
}
