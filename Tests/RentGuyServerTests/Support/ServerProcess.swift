import Foundation
import RentGuyTestSupport

/// A `rentguy-server` process for one test: its own working directory (where the SQLite file
/// lands), free ports, stopped with SIGTERM.
final class ServerProcess: Sendable {
  let directory: String
  let grpcPort: Int
  let httpPort: Int
  private let process: BackgroundProcess

  /// Everything the server printed so far (announcements and logs).
  var printed: String { process.printed }

  /// Starts the server in a fresh directory (or `directory`) with `arguments` (ports default
  /// to 0) and waits until both listeners announce themselves.
  init(arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil) async throws {
    let directory =
      directory
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("rentguy-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    self.directory = directory
    process = try BackgroundProcess(
      TestEnvironment.builtProduct("rentguy-server"),
      ["--grpc-port", "0", "--http-port", "0"] + arguments,
      environment: environment,
      currentDirectory: directory
    )
    guard await process.waitForOutput(containing: "gRPC listening on", timeout: .seconds(60)),
      await process.waitForOutput(containing: "HTTP listening on", timeout: .seconds(60)),
      let grpc = Self.port(after: "gRPC listening on", in: process.printed),
      let http = Self.port(after: "HTTP listening on", in: process.printed)
    else {
      _ = await process.stop()
      throw StartError(output: process.printed)
    }
    grpcPort = grpc
    httpPort = http
  }

  struct StartError: Error, CustomStringConvertible {
    var output: String
    var description: String { "rentguy-server did not announce its listeners; output:\n\(output)" }
  }

  private static func port(after marker: String, in text: String) -> Int? {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }),
      let port = line.split(separator: ":").last
    else { return nil }
    return Int(port.trimmingCharacters(in: .whitespaces))
  }

  /// Sends SIGTERM and waits (up to 20 s, then SIGKILL) for the exit status.
  func stop() async -> Int32 {
    await process.stop()
  }

  /// GET `path` on the REST shim: (status code, body), through curl.
  func get(_ path: String) async throws -> (status: Int, body: String) {
    let result = try await Subprocess.run(
      "/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "http://127.0.0.1:\(httpPort)\(path)"], timeout: .seconds(30)
    )
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
    let status = Int(lines.last ?? "") ?? 0
    return (status, lines.dropLast().joined(separator: "\n"))
  }

  /// Runs a grpcio probe (Tests/peers/rentguy_probe.py) against this server.
  func probe(_ name: String, _ arguments: String...) async throws -> ProcessOutput {
    try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("rentguy_probe.py"), name, "--port", "\(grpcPort)"] + arguments,
      timeout: .seconds(120)
    )
  }

  /// Runs a booking scenario (Tests/peers/booking_probe.py) against this server.
  func bookingProbe(_ scenario: String, _ arguments: [String] = [], timeout: Duration = .seconds(300)) async throws -> ProcessOutput {
    try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("booking_probe.py"), scenario, "--port", "\(grpcPort)", "--http-port", "\(httpPort)"] + arguments,
      timeout: timeout
    )
  }

  /// Runs a scanning scenario (Tests/peers/scan_probe.py) against this server.
  func scanProbe(_ scenario: String, _ arguments: [String] = [], timeout: Duration = .seconds(300)) async throws -> ProcessOutput {
    try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("scan_probe.py"), scenario, "--port", "\(grpcPort)"] + arguments,
      timeout: timeout
    )
  }

  /// Kills the server with SIGKILL (a crash: nothing is flushed or closed) and waits for it.
  func crash() async {
    kill(process.pid, SIGKILL)
    _ = await process.waitForExit(timeout: .seconds(10))
  }

  /// Waits for the server to exit by itself; its status (nil at the timeout).
  func waitForExit(timeout: Duration) async -> Int32? {
    await process.waitForExit(timeout: timeout)
  }

  /// What the server printed so far.
  var output: String { process.printed }

  deinit {
    try? FileManager.default.removeItem(atPath: directory)
  }
}
