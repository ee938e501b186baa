import RentGuyTestSupport
import Testing

/// Malformed, oversized and abusive HTTP/2 input: each gets an error status or a reset, and the
/// server keeps serving (every scenario ends with a normal call on a new connection).
@Suite("hostile and malformed HTTP/2 input", .timeLimit(.minutes(5)))
struct HostileInputTests {
  static let scenarios = [
    "wrong_content_type", "wrong_method", "not_a_grpc_path", "truncated_message",
    "oversized_message", "garbage_protobuf", "compressed_without_encoding", "corrupt_gzip",
    "gzip_bomb", "unsupported_encoding", "server_compressed_flag", "binary_metadata",
    "grpc_timeout", "header_list_too_large", "continuation_flood", "rapid_reset", "ping_flood",
    "settings_flood", "bad_preface", "malformed_frames", "idle_connections", "gzip_amplification",
    "header_flood",
  ]

  @Test("the server answers the hostile peer and keeps serving", arguments: Self.scenarios)
  func scenario(_ name: String) async throws {
    try await Self.run(name)
  }

  static func run(_ name: String) async throws {
    let server = try await InteropServerProcess()
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("h2_probe.py"), "--port", "\(server.port)",
        "--server-pid", "\(server.pid)", "--scenario", name,
      ]
    )
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("PASS \(name)"), "\(result.output)")
    #expect(await server.stop() == 0, "server did not exit cleanly on SIGTERM")
  }
}

@Suite("backpressure", .timeLimit(.minutes(5)))
struct BackpressureTests {
  @Test("a client that never reads a 400 MiB server stream leaves the server's memory bounded")
  func unreadServerStream() async throws {
    try await HostileInputTests.run("unread_server_stream")
  }

  @Test("a client that reads slowly still receives every message")
  func slowReader() async throws {
    try await HostileInputTests.run("slow_reader_completes")
  }
}

@Suite("concurrency", .timeLimit(.minutes(5)))
struct ConcurrencyTests {
  @Test("one connection serves 400 concurrent unary calls and 50 concurrent bidi streams")
  func concurrentStreams() async throws {
    try await HostileInputTests.run("concurrent_streams")
  }
}

@Suite("graceful shutdown", .timeLimit(.minutes(5)))
struct GracefulShutdownTests {
  @Test("SIGTERM lets in-flight RPCs finish, refuses new connections, then exits 0")
  func sigtermDrains() async throws {
    let server = try await InteropServerProcess()
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("h2_probe.py"), "--port", "\(server.port)",
        "--server-pid", "\(server.pid)", "--scenario", "sigterm_drains",
      ]
    )
    #expect(result.status == 0, "\(result.output)")
    let exit = await server.waitForExit(timeout: .seconds(10))
    #expect(exit == 0, "server exit status \(String(describing: exit))")
  }

  @Test("SIGTERM with an RPC that never ends: it is reset at the grace period and the server exits 0")
  func sigtermResetsAfterGrace() async throws {
    let server = try await InteropServerProcess(extraArguments: ["--shutdown-grace", "1"])
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("h2_probe.py"), "--port", "\(server.port)",
        "--server-pid", "\(server.pid)", "--scenario", "sigterm_forced_reset",
      ]
    )
    #expect(result.status == 0, "\(result.output)")
    let exit = await server.waitForExit(timeout: .seconds(10))
    #expect(exit == 0, "server exit status \(String(describing: exit))")
  }
}
