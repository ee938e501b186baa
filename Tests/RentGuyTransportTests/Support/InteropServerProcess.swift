import Foundation

/// `rentguy-interop-server` started on a free port for one test, stopped with SIGTERM.
final class InteropServerProcess: @unchecked Sendable {
  let process = Process()
  let port: Int
  private let output: Pipe

  var pid: Int32 { self.process.processIdentifier }

  init() throws {
    self.output = Pipe()
    self.process.executableURL = URL(fileURLWithPath: TestEnvironment.builtProduct("rentguy-interop-server"))
    self.process.arguments = ["--port", "0", "--log-level", "warning"]
    self.process.standardOutput = self.output
    self.process.standardError = FileHandle.standardError
    try self.process.run()

    // The first line is "listening on HOST:PORT".
    var line = Data()
    let handle = self.output.fileHandleForReading
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard let portText = text.split(separator: "\n").first?.split(separator: ":").last,
      let port = Int(portText.trimmingCharacters(in: .whitespaces))
    else {
      self.process.terminate()
      throw ServerStartError(output: text)
    }
    self.port = port
  }

  struct ServerStartError: Error, CustomStringConvertible {
    var output: String
    var description: String { "interop server did not report its port; output: \(output)" }
  }

  /// Sends SIGTERM and waits for the exit status.
  func stop() -> Int32 {
    if self.process.isRunning { self.process.terminate() }
    self.process.waitUntilExit()
    return self.process.terminationStatus
  }

  /// Waits (up to `timeout`) for the process to exit by itself.
  func waitForExit(timeout: Duration) async -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while self.process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(50))
    }
    return self.process.isRunning ? nil : self.process.terminationStatus
  }

  deinit {
    if self.process.isRunning {
      self.process.terminate()
      self.process.waitUntilExit()
    }
  }
}
