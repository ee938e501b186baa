import RentGuyTestSupport
import Testing

/// The standard gRPC interop cases, driven by grpcio (Python) against `rentguy-interop-server`.
@Suite("grpcio interop against rentguy-interop-server", .timeLimit(.minutes(5)))
struct GRPCInteropTests {
  static let cases = [
    "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong",
    "empty_stream", "timeout_on_sleeping_server", "cancel_after_begin",
    "cancel_after_first_response", "status_code_and_message", "special_status_message",
    "custom_metadata", "unimplemented_method", "unimplemented_service",
    "client_compressed_unary", "server_compressed_unary",
  ]

  @Test("a grpcio client passes the interop case", arguments: Self.cases)
  func interopCase(_ name: String) async throws {
    let server = try await InteropServerProcess()
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("interop_client.py"), "--port", "\(server.port)", "--test_case", name]
    )
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("PASS \(name)"), "\(result.output)")
    #expect(await server.stop() == 0, "server did not exit cleanly on SIGTERM")
  }

  @Test("one grpcio channel runs every case in turn on one connection")
  func allCasesOnOneConnection() async throws {
    let server = try await InteropServerProcess()
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("interop_client.py"), "--port", "\(server.port)", "--test_case", "all"]
    )
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("\(Self.cases.count) passed, 0 failed"), "\(result.output)")
    #expect(await server.stop() == 0)
  }
}
