import Foundation
import RentGuyStore
import RentGuyTestSupport
import Testing

@Suite("rentguy-server, end to end")
struct ServerProcessTests {
  @Test("with no configuration it keeps its data in rentguy.sqlite in the working directory and serves grpcio's health client")
  func servesHealthOnTheEmbeddedDefaults() async throws {
    let server = try await ServerProcess()
    let probe = try await server.probe("health")
    #expect(probe.status == 0, "\(probe.output)")
    #expect(probe.output.contains("check '': SERVING"))
    #expect(probe.output.contains("check unknown: NOT_FOUND"))
    #expect(probe.output.contains("watch unknown: SERVICE_UNKNOWN"))
    #expect(FileManager.default.fileExists(atPath: server.directory + "/rentguy.sqlite"))
    #expect(await server.stop() == 0)
  }

  @Test("every RPC answers by the contract's access table: UNAUTHENTICATED without a credential, PERMISSION_DENIED without the permission, then its own answer")
  func accessTableEndToEnd() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let probe = try await server.probe("access", "--email", Self.admin["RENTGUY_ADMIN_EMAIL"]!, "--password", Self.admin["RENTGUY_ADMIN_PASSWORD"]!)
    #expect(probe.status == 0, "\(probe.output)")
    for service in ["booking", "payment", "identity", "warehouse", "export"] {
      #expect(probe.output.contains("rentguy.\(service).v1."), "\(service) is in the contract")
    }
    #expect(await server.stop() == 0)
  }

  @Test("on a database with no users and no configured admin, admin@localhost gets a password printed once and kept in a 0600 file")
  func firstAdminWithAGeneratedPassword() async throws {
    let server = try await ServerProcess()
    let file = server.directory + "/rentguy-admin-password"
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(password.count >= 20)
    #expect(server.output.contains("First administrator: admin@localhost, password \(password)"))
    let probe = try await server.probe("access", "--email", "admin@localhost", "--password", password)
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await server.stop() == 0)
  }

  @Test("hostile access tokens are refused (alg none, HS256 with the public key, unknown kid, expired, tampered, truncated) while PyJWT with the right key is accepted; refresh-token reuse revokes the session")
  func hostileTokensAndRefreshReuse() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let probe = try await server.probe(
      "tokens", "--email", Self.admin["RENTGUY_ADMIN_EMAIL"]!, "--password", Self.admin["RENTGUY_ADMIN_PASSWORD"]!,
      "--database", server.directory + "/rentguy.sqlite"
    )
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await server.stop() == 0)
  }

  @Test("an audit event changed with sqlite3 behind the server's back is the first broken link VerifyAuditLog reports")
  func auditTamperingIsFound() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let probe = try await server.probe(
      "audit", "--email", Self.admin["RENTGUY_ADMIN_EMAIL"]!, "--password", Self.admin["RENTGUY_ADMIN_PASSWORD"]!,
      "--database", server.directory + "/rentguy.sqlite"
    )
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await server.stop() == 0)
  }

  @Test("50 concurrent CreateUser calls with one idempotency key have one effect; a retry replays it; the key with another request is IDEMPOTENCY_KEY_REUSED")
  func idempotentMutations() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let probe = try await server.probe(
      "idempotency", "--email", Self.admin["RENTGUY_ADMIN_EMAIL"]!, "--password", Self.admin["RENTGUY_ADMIN_PASSWORD"]!
    )
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await server.stop() == 0)
  }

  @Test("kill -9 during a burst of mutations: every acknowledged change and its audit event survive, and the chain is intact")
  func acknowledgedChangesSurviveACrash() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let email = Self.admin["RENTGUY_ADMIN_EMAIL"]!
    let password = Self.admin["RENTGUY_ADMIN_PASSWORD"]!
    let burst = try BackgroundProcess(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("rentguy_probe.py"), "burst", "--port", "\(server.grpcPort)",
        "--email", email, "--password", password, "--seconds", "30",
      ]
    )
    // The crash comes in the middle of the burst, once more than 50 changes were acknowledged
    // (however long that takes on a loaded machine).
    func acknowledged() -> Int { burst.printed.split(separator: "\n").filter { $0.hasPrefix("ack usr_") }.count }
    let deadline = ContinuousClock.now + .seconds(25)
    while acknowledged() <= 50, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    await server.crash()
    // Every call still open fails now; the burst need not run out its time.
    try await Task.sleep(for: .milliseconds(500))
    _ = await burst.stop(timeout: .seconds(10))
    let ids = burst.printed.split(separator: "\n").filter { $0.hasPrefix("ack usr_") }.map { String($0.dropFirst(4)) }
    #expect(ids.count > 50, "\(burst.printed.suffix(500))")
    let file = server.directory + "/acknowledged.txt"
    try ids.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)

    let restarted = try await ServerProcess(environment: Self.admin, directory: server.directory)
    let probe = try await restarted.probe(
      "acknowledged", "--email", email, "--password", password, "--ids", file,
      "--database", server.directory + "/rentguy.sqlite"
    )
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await restarted.stop() == 0)
  }

  @Test("a device API key: created (a replay shows no secret), used, listed, rotated with a grace, revoked at once")
  func apiKeyLifecycle() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let probe = try await server.probe(
      "api-keys", "--email", Self.admin["RENTGUY_ADMIN_EMAIL"]!, "--password", Self.admin["RENTGUY_ADMIN_PASSWORD"]!
    )
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await server.stop() == 0)
  }

  @Test("users, roles, sessions and the audit list: own records versus others', paging, and a deactivation that takes effect at once")
  func usersRolesSessionsAudit() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let probe = try await server.probe(
      "users", "--email", Self.admin["RENTGUY_ADMIN_EMAIL"]!, "--password", Self.admin["RENTGUY_ADMIN_PASSWORD"]!
    )
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await server.stop() == 0)
  }

  static let admin = ["RENTGUY_ADMIN_EMAIL": "root@example.com", "RENTGUY_ADMIN_PASSWORD": "correct horse battery"]

  @Test("/metrics passes promtool and counts RPCs per method and status code, and the job queue's depth")
  func metricsArePrometheusText() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rentguy-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    do {
      let store = try Store.open(.defaults { $0.location = .file(path: directory + "/rentguy.sqlite") })
      // A queue this server has no workers for (yet): the job stays pending.
      try await store.jobs.enqueue(NewJob(queue: "archive.nightly", kind: "archive.bookings"))
    }
    let server = try await ServerProcess(directory: directory)
    _ = try await server.probe("health")

    let (status, body) = try await server.get("/metrics")
    #expect(status == 200)
    let file = directory + "/metrics.txt"
    try body.write(toFile: file, atomically: true, encoding: .utf8)
    let promtool = try await Subprocess.run("/bin/sh", ["-c", "promtool check metrics < '\(file)'"], timeout: .seconds(60))
    #expect(promtool.status == 0, "promtool: \(promtool.output)")

    let check = #"grpc_service="grpc.health.v1.Health",grpc_method="Check""#
    #expect(body.contains("rentguy_grpc_server_handled_total{\(check),grpc_code=\"OK\"} 2"), "\(body)")
    #expect(body.contains("rentguy_grpc_server_handled_total{\(check),grpc_code=\"NOT_FOUND\"} 1"))
    #expect(body.contains("rentguy_grpc_server_handling_seconds_count{\(check)} 3"))
    #expect(body.contains(#"rentguy_jobs{queue="archive.nightly",state="pending"} 1"#))
    // The queues the server works are published before their first job.
    #expect(body.contains(#"rentguy_jobs{queue="payments.stripe",state="pending"} 0"#))
    #expect(await server.stop() == 0)
  }

  @Test("/healthz and /readyz answer 200 while the server serves")
  func livenessAndReadiness() async throws {
    let server = try await ServerProcess()
    let health = try await server.get("/healthz")
    #expect(health.status == 200)
    let ready = try await server.get("/readyz")
    #expect(ready.status == 200, "\(ready.body)")
    #expect(try await server.get("/nope").status == 404)
    #expect(await server.stop() == 0)
  }

  @Test("on SIGTERM, health watchers see NOT_SERVING, their streams end, and the process exits 0")
  func gracefulShutdown() async throws {
    let server = try await ServerProcess()
    let watch = try BackgroundProcess(
      TestEnvironment.python,
      [TestEnvironment.peerScript("rentguy_probe.py"), "watch", "--port", "\(server.grpcPort)"]
    )
    #expect(await watch.waitForOutput(containing: "status: SERVING", timeout: .seconds(60)), "\(watch.printed)")
    let status = await server.stop()
    #expect(await watch.waitForExit(timeout: .seconds(30)) == 0)
    #expect(status == 0, "\(server.printed)")
    #expect(watch.printed.contains("status: SERVING\nstatus: NOT_SERVING\nstream ended"), "\(watch.printed)")
  }

  @Test("a configuration value that cannot be used stops the server with a message naming the key")
  func badConfigurationFailsFast() async throws {
    let result = try await Subprocess.run(
      TestEnvironment.builtProduct("rentguy-server"), [],
      environment: ["RENTGUY_GRPC_PORT": "fifty"],
      currentDirectory: FileManager.default.temporaryDirectory.path,
      timeout: .seconds(60)
    )
    #expect(result.status != 0)
    #expect(result.output.contains("grpc.port"), "\(result.output)")
    #expect(result.output.contains("'fifty' is not an integer"))
  }

  @Test("a port that is taken or a database that cannot be opened stops the start, saying which")
  func startupFailuresNameTheirCause() async throws {
    let server = try await ServerProcess()
    let taken = try await Subprocess.run(
      TestEnvironment.builtProduct("rentguy-server"),
      ["--grpc-port", "0", "--http-port", "\(server.httpPort)"],
      currentDirectory: server.directory,
      timeout: .seconds(60)
    )
    #expect(taken.status != 0)
    #expect(taken.output.contains("the REST shim on 127.0.0.1:\(server.httpPort) failed"), "\(taken.output)")
    #expect(await server.stop() == 0)

    let database = try await Subprocess.run(
      TestEnvironment.builtProduct("rentguy-server"),
      ["--grpc-port", "0", "--http-port", "0", "--database-path", "/nonexistent/rentguy.sqlite"],
      timeout: .seconds(60)
    )
    #expect(database.status != 0)
    #expect(database.output.contains("cannot open the database '/nonexistent/rentguy.sqlite'"), "\(database.output)")
  }

  @Test("the rentguy CLI prints health as a table and as JSON, and exits 2 when the server is unreachable")
  func cliHealth() async throws {
    let server = try await ServerProcess()
    let cli = TestEnvironment.builtProduct("rentguy")
    let table = try await Subprocess.run(cli, ["health", "--server", "127.0.0.1:\(server.grpcPort)"], timeout: .seconds(60))
    #expect(table.status == 0, "\(table.output)")
    #expect(table.output.contains("SERVICE   STATUS   SERVER"))
    #expect(table.output.contains("(server)  SERVING  127.0.0.1:\(server.grpcPort)"))

    let json = try await Subprocess.run(
      cli, ["health", "--output", "json"],
      environment: ["RENTGUY_SERVER": "127.0.0.1:\(server.grpcPort)", "RENTGUY_TOKEN": "rgk_test"],
      timeout: .seconds(60)
    )
    #expect(json.status == 0, "\(json.output)")
    let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: String]
    #expect(object == ["service": "", "status": "SERVING", "server": "127.0.0.1:\(server.grpcPort)"])

    let unknown = try await Subprocess.run(
      cli, ["health", "--server", "127.0.0.1:\(server.grpcPort)", "--service", "rentguy.nope.v1.Nope"],
      timeout: .seconds(60)
    )
    #expect(unknown.status == 2)
    #expect(unknown.output.contains("error: NOT_FOUND"))
    #expect(await server.stop() == 0)

    let down = try await Subprocess.run(cli, ["health", "--server", "127.0.0.1:\(server.grpcPort)", "--timeout", "3"], timeout: .seconds(60))
    #expect(down.status == 2)
    #expect(down.output.contains("error: UNAVAILABLE"), "\(down.output)")
  }

  @Test("rentguy login with the generated admin password, then whoami, audit, users, api-keys, roles, sessions and logout, like a newcomer after the README's run command")
  func cliLoginFlow() async throws {
    let server = try await ServerProcess()
    let cli = TestEnvironment.builtProduct("rentguy")
    let environment = ["RENTGUY_SERVER": "127.0.0.1:\(server.grpcPort)", "XDG_CONFIG_HOME": server.directory + "/config"]
    func rentguy(_ arguments: String, stdin: String? = nil) async throws -> ProcessOutput {
      let input = stdin.map { " < '\($0)'" } ?? ""
      return try await Subprocess.run("/bin/sh", ["-c", "'\(cli)' \(arguments)\(input)"], environment: environment, timeout: .seconds(60))
    }

    let login = try await rentguy("login --email admin@localhost --password-stdin", stdin: server.directory + "/rentguy-admin-password")
    #expect(login.status == 0, "\(login.output)")
    #expect(login.output.contains("admin@localhost  admin"))
    let credentials = server.directory + "/config/rentguy/credentials.json"
    let mode = try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)

    let whoami = try await rentguy("whoami --output json")
    #expect(whoami.status == 0, "\(whoami.output)")
    #expect(whoami.output.contains("\"name\" : \"admin@localhost\""))
    let audit = try await rentguy("audit verify")
    #expect(audit.status == 0 && audit.output.contains("yes"), "\(audit.output)")

    let created = try await rentguy("users create --email dj@example.com --name DJ --roles crew")
    #expect(created.status == 0 && created.output.contains("dj@example.com"), "\(created.output)")
    let users = try await rentguy("users list --query dj --output json")
    #expect(users.output.contains("\"email\" : \"dj@example.com\""), "\(users.output)")
    let key = try await rentguy("api-keys create --name 'Scanner 1' --device scanner-1 --roles warehouse")
    #expect(key.status == 0 && key.output.contains("rgk_") && key.output.contains("scanner-1"), "\(key.output)")
    let roles = try await rentguy("roles list")
    #expect(roles.output.contains("warehouse  Warehouse  yes"), "\(roles.output)")
    let sessions = try await rentguy("sessions list")
    #expect(sessions.output.contains("rentguy CLI on"), "\(sessions.output)")
    let role = try await rentguy("roles create --name Schedulers --permissions booking.bookings.read --output json")
    #expect(role.status == 0, "\(role.output)")
    let roleID = (try? JSONSerialization.jsonObject(with: Data(role.output.utf8)) as? [String: String])?["id"] ?? ""
    #expect(roleID.hasPrefix("rol_"), "\(role.output)")
    let updatedRole = try await rentguy("roles update \(roleID) --permissions booking.bookings.read,booking.catalog.read")
    #expect(updatedRole.output.contains("booking.bookings.read,booking.catalog.read"), "\(updatedRole.output)")
    let userID = (try? JSONSerialization.jsonObject(with: Data(users.output.utf8)) as? [String: String])?["id"] ?? ""
    let renamed = try await rentguy("users update \(userID) --name 'DJ Two' --roles crew,\(roleID)")
    #expect(renamed.output.contains("DJ Two") && renamed.output.contains(roleID), "\(renamed.output)")
    #expect(try await rentguy("roles delete \(roleID)").status == 0)
    try "a brand new admin password\n".write(toFile: server.directory + "/new-password", atomically: true, encoding: .utf8)
    let set = try await rentguy("users set-password --user \(userID) --stdin", stdin: server.directory + "/new-password")
    #expect(set.status == 0, "\(set.output)")

    let events = try await rentguy("audit list --action rentguy.identity")
    #expect(events.output.contains("CreateApiKey") && events.output.contains("CreateUser"), "\(events.output)")

    let logout = try await rentguy("logout")
    #expect(logout.status == 0, "\(logout.output)")
    let after = try await rentguy("whoami")
    #expect(after.status == 2 && after.output.contains("UNAUTHENTICATED"), "\(after.output)")

    try "not the password\n".write(toFile: server.directory + "/wrong", atomically: true, encoding: .utf8)
    let wrong = try await rentguy("login --email admin@localhost --password-stdin", stdin: server.directory + "/wrong")
    #expect(wrong.status == 2 && wrong.output.contains("UNAUTHENTICATED: wrong e-mail or password"), "\(wrong.output)")
    #expect(await server.stop() == 0)
  }
}
