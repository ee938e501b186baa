import Foundation
import RentGuyTestSupport

/// A `rentguy-server` process for one test: its own working directory (where the SQLite file
/// lands), free ports, stopped with SIGTERM.
final class ServerProcess: @unchecked Sendable {
  let process = Process()
  let directory: String
  private(set) var grpcPort = 0
  private(set) var httpPort = 0
  private let output = OutputCollector()

  /// Everything the server printed so far (announcements and logs).
  var printed: String { output.text }

  /// Starts the server in a fresh directory with `arguments` (ports default to 0) and waits
  /// until both listeners announce themselves.
  init(arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil) throws {
    self.directory =
      directory
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("rentguy-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)

    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.builtProduct("rentguy-server"))
    process.arguments = ["--grpc-port", "0", "--http-port", "0"] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.currentDirectoryURL = URL(fileURLWithPath: self.directory)
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()

    // Read on a dispatch thread (never block Swift's cooperative threads) until both listeners
    // are announced or the process ends; keep draining afterwards so the pipe never fills.
    let ready = DispatchSemaphore(value: 0)
    let collected = output
    let handle = pipe.fileHandleForReading
    DispatchQueue.global().async {
      var signalled = false
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        collected.append(chunk)
        let text = collected.text
        if !signalled && text.contains("gRPC listening on") && text.contains("HTTP listening on") {
          signalled = true
          ready.signal()
        }
      }
      if !signalled { ready.signal() }
    }
    _ = ready.wait(timeout: .now() + .seconds(60))
    guard let grpc = Self.port(after: "gRPC listening on", in: output.text),
      let http = Self.port(after: "HTTP listening on", in: output.text)
    else {
      if process.isRunning { process.terminate() }
      throw StartError(output: output.text)
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
    if process.isRunning { process.terminate() }
    let deadline = ContinuousClock.now + .seconds(20)
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(50))
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      return -1
    }
    return process.terminationStatus
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
  func probe(_ name: String) async throws -> ProcessOutput {
    try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("rentguy_probe.py"), name, "--port", "\(grpcPort)"],
      timeout: .seconds(120)
    )
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    try? FileManager.default.removeItem(atPath: directory)
  }
}
