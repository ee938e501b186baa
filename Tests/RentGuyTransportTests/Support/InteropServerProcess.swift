import Foundation
import RentGuyTestSupport

/// An interop server process started on a free port for one test, stopped with SIGTERM.
final class InteropServerProcess: @unchecked Sendable {
  let process = Process()
  let port: Int
  private let output: Pipe

  var pid: Int32 { self.process.processIdentifier }

  /// Starts `rentguy-interop-server` (or another server that prints "listening on HOST:PORT").
  init(
    executable: String = TestEnvironment.builtProduct("rentguy-interop-server"),
    arguments: [String] = ["--port", "0", "--log-level", "warning"],
    extraArguments: [String] = []
  ) throws {
    self.output = Pipe()
    self.process.executableURL = URL(fileURLWithPath: executable)
    self.process.arguments = arguments + extraArguments
    self.process.standardOutput = self.output
    self.process.standardError = FileHandle.standardError
    self.process.standardInput = FileHandle.nullDevice
    try self.process.run()

    // The first line is "listening on HOST:PORT". Read it on a dispatch thread, never on one of
    // Swift's cooperative threads (an in-process server may need them).
    let handle = self.output.fileHandleForReading
    let firstLine = DispatchSemaphore(value: 0)
    let collected = OutputCollector()
    DispatchQueue.global().async {
      var line = Data()
      while !line.contains(UInt8(ascii: "\n")) {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
      }
      collected.append(line)
      firstLine.signal()
    }
    _ = firstLine.wait(timeout: .now() + .seconds(60))
    let text = collected.text
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

  /// Sends SIGTERM and waits (up to 15 s, then SIGKILL) for the exit status.
  func stop() async -> Int32 {
    if self.process.isRunning { self.process.terminate() }
    if let status = await self.waitForExit(timeout: .seconds(15)) { return status }
    kill(self.process.processIdentifier, SIGKILL)
    return -1
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
      kill(self.process.processIdentifier, SIGKILL)
    }
  }
}
