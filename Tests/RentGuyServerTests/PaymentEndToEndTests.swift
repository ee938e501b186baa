import Foundation
import RentGuyTestSupport
import Testing

/// Payments, provider webhooks, the job queue and outbound booking webhooks end to end: a real
/// `rentguy-server` with its in-process provider mock, driven by grpcio, stripe-python and
/// standardwebhooks (Tests/peers/payment_probe.py).
///
/// `flow`, `storm`, `partner` and `status` share ONE server (started on first use by the suite's
/// `SharedPaymentServer` trait and stopped when the suite ends) and run at the same time: each uses
/// its own bookings, customers and partner names, and none of them arms the mock's faults or
/// pauses a queue. `faults` arms the mock for every caller of a provider, pauses a queue and
/// flushes webhooks.outbound, so it gets a server of its own; so does the kill -9 test, which uses
/// a standalone mock that outlives the crash. Those two run one after the other.
@Suite("payments, end to end", SharedPaymentServer())
struct PaymentEndToEndTests {
  static let admin = ["RENTGUY_ADMIN_EMAIL": "cashier@example.com", "RENTGUY_ADMIN_PASSWORD": "a long cashier password"]
  static let credentials = ["--email", "cashier@example.com", "--password", "a long cashier password"]
  static let stripeWebhookSecret = "whsec_" + Data("payment end-to-end tests secret!".utf8).base64EncodedString()

  /// No provider keys (so the in-process mock), the Stripe webhook secret the probe signs with,
  /// and retries fast enough for a test.
  static let environment = admin.merging([
    "RENTGUY_PAYMENTS_STRIPE_WEBHOOK_SECRET": stripeWebhookSecret,
    "RENTGUY_JOBS_RETRY_INITIAL_MILLISECONDS": "200",
    "RENTGUY_JOBS_RETRY_MAXIMUM_MILLISECONDS": "2000",
  ]) { $1 }

  @Test("Stripe and Mollie: paid in the mock and SUCCEEDED from the webhook, refunds, cancel, sync, disputes won and lost, the booking's numbers")
  func flow() async throws {
    try await Self.expectScenario("flow", on: try await SharedPaymentServer.server())
  }

  @Test(
    """
    a webhook storm: 1,000 Stripe events from 32 senders, 30 % duplicates, shuffled, tampered and too old ones refused; \
    every real event stored once, final states right, no state change from a refused or repeated event
    """
  )
  func storm() async throws {
    try await Self.expectScenario("storm", on: try await SharedPaymentServer.server())
  }

  @Test("a partner verifies our booking webhooks with standardwebhooks, through a secret rotation and a redelivery")
  func partner() async throws {
    try await Self.expectScenario("partner", on: try await SharedPaymentServer.server())
  }

  @Test("/integrations/status, /metrics/queues and the webhook counters on /metrics; the webhook routes' refusals")
  func status() async throws {
    try await Self.expectScenario("status", on: try await SharedPaymentServer.server())
  }

  /// Runs one probe scenario against `server` and expects it to pass.
  static func expectScenario(_ scenario: String, on server: PaymentServer, _ extra: [String] = [], timeout: Duration = .seconds(600)) async throws {
    let result = try await server.probe(scenario, extra, timeout: timeout)
    #expect(result.status == 0, "\(scenario):\n\(result.output)")
    #expect(result.output.contains("\(scenario): ") && result.output.contains(" 0 failed"), "\(scenario):\n\(result.output)")
  }

  @Suite("own servers", .serialized)
  struct OwnServers {
    @Test(
      """
      faults: rate limits, 500s and timeouts while 200 payments are created → all OPEN with one idempotency key each; \
      a dead letter; an outbound delivery dead-lettered then delivered by FlushQueue; a paused queue
      """
    )
    func faults() async throws {
      // The server gives up on a provider call after 1.5 s; the mock's `timeout` fault hangs for
      // 2.5 s, so a timeout is seen as one (and retried) rather than waited out.
      let server = try await PaymentServer(
        environment: PaymentEndToEndTests.environment.merging([
          "RENTGUY_PAYMENTS_PROVIDER_TIMEOUT_MILLISECONDS": "1500",
          "RENTGUY_PAYMENTS_MOCK_TIMEOUT_DELAY_MILLISECONDS": "2500",
        ]) { $1 }
      )
      try await PaymentEndToEndTests.expectScenario("faults", on: server)
      #expect(await server.stop() == 0)
    }

    /// The server talks to a standalone `rentguy-provider-mock` (so the mock, its request log and
    /// its checkout sessions survive the crash) through provider settings in TEST mode.
    static func crashEnvironment(mock: String) -> [String: String] {
      PaymentEndToEndTests.environment.merging([
        "RENTGUY_PAYMENTS_STRIPE_SECRET_KEY": "sk_test_crash",
        "RENTGUY_PAYMENTS_STRIPE_API_BASE": mock,
        "RENTGUY_PAYMENTS_MOLLIE_API_KEY": "test_crashcrashcrashcrashcrashcrash",
        "RENTGUY_PAYMENTS_MOLLIE_API_BASE": mock,
        // Short leases, so that the crashed worker's jobs run again soon after the restart.
        "RENTGUY_PAYMENTS_PROVIDER_TIMEOUT_MILLISECONDS": "2000",
        "RENTGUY_JOBS_LEASE_SECONDS": "5",
      ]) { $1 }
    }

    @Test("the provider mock answers stripe-python and mollie-api-python unchanged, and its webhooks verify with their own checks")
    func providerMockSpeaksTheProvidersSDKs() async throws {
      let checked = try await Subprocess.run(
        TestEnvironment.python, [TestEnvironment.peerScript("provider_mock_sdk.py"), TestEnvironment.builtProduct("rentguy-provider-mock")],
        timeout: .seconds(300)
      )
      #expect(checked.status == 0, "\(checked.output)")
      #expect(checked.output.contains("all checks passed"), "\(checked.output)")
    }

    @Test("kill -9 with checkout jobs leased: after the restart every payment ends OPEN, and no provider POST was repeated without its idempotency key")
    func leasedJobsSurviveACrash() async throws {
      let mockProcess = try BackgroundProcess(
        TestEnvironment.builtProduct("rentguy-provider-mock"),
        ["--port", "0", "--timeout-delay-seconds", "60", "--log-level", "warning"]
      )
      #expect(await mockProcess.waitForOutput(containing: PaymentServer.mockMarker, timeout: .seconds(60)), "\(mockProcess.printed)")
      let mock = try #require(PaymentServer.mockURL(in: mockProcess.printed), "\(mockProcess.printed)")
      let environment = Self.crashEnvironment(mock: mock)

      let server = try await PaymentServer(environment: environment, mock: mock)
      let ids = server.directory + "/payments.txt"
      let started = try await server.probe("crash-start", ["--ids", ids, "--count", "50"], timeout: .seconds(180))
      #expect(started.status == 0, "\(started.output)")
      #expect(started.output.contains("leased "), "\(started.output)")
      // Jobs are RUNNING, their provider calls hanging at the mock: crash now.
      await server.crash()
      let cleared = try await Subprocess.run("/usr/bin/curl", ["-s", "-X", "DELETE", mock + "/mock/faults"], timeout: .seconds(30))
      #expect(cleared.status == 0, "\(cleared.output)")

      let restarted = try await PaymentServer(environment: environment, directory: server.directory, mock: mock)
      // The crashed worker's leases must expire (lease duration) before the jobs run again.
      let checked = try await restarted.probe("crash-check", ["--ids", ids, "--seconds", "300"], timeout: .seconds(420))
      #expect(checked.status == 0, "\(checked.output)")
      #expect(checked.output.contains("crash-check: ") && checked.output.contains(" 0 failed"), "\(checked.output)")
      #expect(await restarted.stop() == 0)
      _ = await mockProcess.stop()
      // Both processes share the directory; the first one's deinit removes it.
      withExtendedLifetime(server) {}
    }
  }
}

/// A `rentguy-server` for the payment tests, and the provider mock it talks to.
final class PaymentServer: Sendable {
  static let mockMarker = "provider mock listening on"

  let process: ServerProcess
  /// The provider mock's base URL, `http://127.0.0.1:PORT`.
  let mock: String

  var directory: String { process.directory }

  /// Starts a server with `environment`; its mock is the in-process one it announces, unless
  /// `mock` names another.
  init(environment: [String: String], directory: String? = nil, mock: String? = nil) async throws {
    let process = try await ServerProcess(environment: environment, directory: directory)
    if let mock {
      self.mock = mock
    } else {
      let deadline = ContinuousClock.now + .seconds(30)
      while Self.mockURL(in: process.printed) == nil, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
      }
      guard let url = Self.mockURL(in: process.printed) else {
        _ = await process.stop()
        throw ServerProcess.StartError(output: "no '\(Self.mockMarker) …' line:\n" + process.printed)
      }
      self.mock = url
    }
    self.process = process
  }

  /// `http://HOST:PORT` from a "provider mock listening on HOST:PORT" line.
  static func mockURL(in text: String) -> String? {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(mockMarker) }) else { return nil }
    let address = line.dropFirst(mockMarker.count).trimmingCharacters(in: .whitespaces)
    guard let port = address.split(separator: ":").last, Int(port) != nil else { return nil }
    return "http://" + address
  }

  /// Runs a payment scenario (Tests/peers/payment_probe.py) against this server.
  func probe(_ scenario: String, _ arguments: [String] = [], timeout: Duration = .seconds(600)) async throws -> ProcessOutput {
    try await Subprocess.run(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("payment_probe.py"), scenario, "--port", "\(process.grpcPort)", "--http-port", "\(process.httpPort)",
        "--mock", mock, "--stripe-secret", PaymentEndToEndTests.stripeWebhookSecret,
      ] + arguments + PaymentEndToEndTests.credentials,
      timeout: timeout
    )
  }

  func stop() async -> Int32 { await process.stop() }
  func crash() async { await process.crash() }
}

/// The suite's shared server: started by the first test that asks for it, stopped when the suite
/// ends. A suite trait (not recursive), so its scope wraps the whole suite once.
struct SharedPaymentServer: SuiteTrait, TestScoping {
  @TaskLocal static var current: Holder?

  /// The shared server (started on first use).
  static func server() async throws -> PaymentServer {
    guard let holder = current else {
      throw ServerProcess.StartError(output: "SharedPaymentServer: not inside the payment suite")
    }
    return try await holder.server()
  }

  actor Holder {
    private var starting: Task<PaymentServer, any Error>?

    func server() async throws -> PaymentServer {
      if let starting { return try await starting.value }
      let task = Task { try await PaymentServer(environment: PaymentEndToEndTests.environment) }
      starting = task
      return try await task.value
    }

    func stop() async {
      guard let starting, let server = try? await starting.value else { return }
      let status = await server.stop()
      #expect(status == 0, "the shared payment server exited with \(status):\n\(server.process.output.suffix(4000))")
    }
  }

  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    let holder = Holder()
    do {
      try await Self.$current.withValue(holder) { try await function() }
    } catch {
      await holder.stop()
      throw error
    }
    await holder.stop()
  }
}
