import Foundation
import RentGuyTestSupport
import Testing

/// Accounting exports end to end: a real `rentguy-server`, the provider mock speaking Moneybird and
/// Exact Online, and grpcio driving the contract (Tests/peers/export_probe.py). Each test has its
/// own server (an export takes every invoice of the day, so tests sharing a server would see each
/// other's), and they run one after the other.
@Suite("accounting exports, end to end", .serialized)
struct ExportEndToEndTests {
  static let environment = PaymentEndToEndTests.environment.merging([
    // Provider calls give up after 1.5 s; the mock's timeout fault hangs for 2.5 s.
    "RENTGUY_PAYMENTS_PROVIDER_TIMEOUT_MILLISECONDS": "1500",
    "RENTGUY_PAYMENTS_MOCK_TIMEOUT_DELAY_MILLISECONDS": "2500",
  ]) { $1 }

  static func probe(_ server: PaymentServer, _ scenario: String, _ arguments: [String] = [], timeout: Duration = .seconds(900)) async throws
    -> ProcessOutput
  {
    try await Subprocess.run(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("export_probe.py"), scenario, "--port", "\(server.process.grpcPort)", "--http-port",
        "\(server.process.httpPort)", "--mock", server.mock,
      ] + arguments + PaymentEndToEndTests.credentials,
      timeout: timeout
    )
  }

  static func expectPassed(_ scenario: String, _ result: ProcessOutput) {
    #expect(result.status == 0, "\(scenario):\n\(result.output)")
    #expect(result.output.contains("\(scenario): ") && result.output.contains(" 0 failed"), "\(scenario):\n\(result.output)")
  }

  /// A standalone provider mock (it outlives the server's crash) and the server settings that use it.
  static func standaloneMock(_ arguments: [String] = []) async throws -> (BackgroundProcess, String, [String: String]) {
    let process = try BackgroundProcess(
      TestEnvironment.builtProduct("rentguy-provider-mock"), ["--port", "0", "--log-level", "warning"] + arguments
    )
    #expect(await process.waitForOutput(containing: PaymentServer.mockMarker, timeout: .seconds(60)), "\(process.printed)")
    let mock = try #require(PaymentServer.mockURL(in: process.printed), "\(process.printed)")
    let environment = Self.environment.merging([
      "RENTGUY_PAYMENTS_STRIPE_SECRET_KEY": "sk_test_export",
      "RENTGUY_PAYMENTS_STRIPE_API_BASE": mock,
      "RENTGUY_PAYMENTS_MOLLIE_API_KEY": "test_exportexportexportexportexport",
      "RENTGUY_PAYMENTS_MOLLIE_API_BASE": mock,
      "RENTGUY_PAYMENTS_PROVIDER_TIMEOUT_MILLISECONDS": "2000",
      // Short leases: the crashed worker's jobs run again soon after the restart.
      "RENTGUY_JOBS_LEASE_SECONDS": "5",
    ]) { $1 }
    return (process, mock, environment)
  }

  @Test(
    """
    Moneybird and Exact: a mapping gap refused before any call, a dry run, an export watched through faults, \
    the reconciliation per VAT rate and as CSV, a re-run that sends nothing, a document missing at the provider, \
    UBL valid against the OASIS schemas, Exact's OAuth with expiring tokens, schedules, and the finance user's path through the rentguy CLI
    """
  )
  func flow() async throws {
    let server = try await PaymentServer(environment: Self.environment)
    Self.expectPassed("flow", try await Self.probe(server, "flow", ["--count", "24"]))
    #expect(await server.stop() == 0)
  }

  @Test(
    """
    10,000 closed bookings' invoices and 5,000 payments to Moneybird, kill -9 mid-export: after the restart \
    every document is at the provider exactly once, the totals per VAT rate match, a re-run sends nothing
    """
  )
  func volumeSurvivesACrash() async throws {
    let (mockProcess, mock, environment) = try await Self.standaloneMock()
    let limitsOff = environment.merging(["RENTGUY_EXPORT_RATE_LIMITS": "false"]) { $1 }
    let server = try await PaymentServer(environment: limitsOff, mock: mock)
    let ids = server.directory + "/export.json"
    let started = try await Self.probe(server, "volume-start", ["--count", "10000", "--ids", ids])
    Self.expectPassed("volume-start", started)
    await server.crash()

    let restarted = try await PaymentServer(environment: limitsOff, directory: server.directory, mock: mock)
    Self.expectPassed("volume-check", try await Self.probe(restarted, "volume-check", ["--ids", ids]))
    #expect(await restarted.stop() == 0)
    _ = await mockProcess.stop()
    withExtendedLifetime(server) {}
  }

  @Test("the server dies right after Exact answered a token refresh: restarted, it refreshes again and the export completes, still authorized")
  func exactRefreshSurvivesACrash() async throws {
    let (mockProcess, mock, environment) = try await Self.standaloneMock()
    let faulty = environment.merging(["RENTGUY_FAULT_CRASH_AFTER_EXACT_REFRESH": "1"]) { $1 }
    let server = try await PaymentServer(environment: faulty, mock: mock)
    let ids = server.directory + "/exact.json"
    Self.expectPassed("exact-start", try await Self.probe(server, "exact-start", ["--count", "10", "--ids", ids]))
    let status = await server.process.waitForExit(timeout: .seconds(60))
    #expect(status != nil && status != 0, "the server should have died at the refresh:\n\(server.process.output.suffix(3000))")

    let restarted = try await PaymentServer(environment: environment, directory: server.directory, mock: mock)
    Self.expectPassed("exact-check", try await Self.probe(restarted, "exact-check", ["--ids", ids]))
    #expect(await restarted.stop() == 0)
    _ = await mockProcess.stop()
    withExtendedLifetime(server) {}
  }
}
