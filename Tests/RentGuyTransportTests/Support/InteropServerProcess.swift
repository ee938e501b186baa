import Foundation
import RentGuyTestSupport

/// An interop server process started on a free port for one test, stopped with SIGTERM.
final class InteropServerProcess: Sendable {
  let port: Int
  private let process: BackgroundProcess

  var pid: Int32 { process.pid }

  /// What the process printed so far.
  var output: String { process.printed }

  /// Starts `rentguy-interop-server` (or another server that prints "listening on HOST:PORT")
  /// and waits for that line.
  init(
    executable: String = TestEnvironment.builtProduct("rentguy-interop-server"),
    arguments: [String] = ["--port", "0", "--log-level", "warning"],
    extraArguments: [String] = []
  ) async throws {
    process = try BackgroundProcess(executable, arguments + extraArguments)
    guard await process.waitForOutput(containing: "listening on", timeout: .seconds(60)),
      let line = process.printed.split(separator: "\n").first(where: { $0.hasPrefix("listening on") }),
      let port = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
    else {
      _ = await process.stop()
      throw ServerStartError(output: process.printed)
    }
    self.port = port
  }

  struct ServerStartError: Error, CustomStringConvertible {
    var output: String
    var description: String { "interop server did not report its port; output: \(output)" }
  }

  /// Sends SIGTERM and waits (up to 40 s, then SIGKILL) for the exit status: longer than the
  /// server's 30 s shutdown grace, so a drain slowed by a loaded machine is not taken for a hang.
  func stop() async -> Int32 {
    await process.stop(timeout: .seconds(40))
  }

  /// Waits (up to `timeout`) for the process to exit by itself.
  func waitForExit(timeout: Duration) async -> Int32? {
    await process.waitForExit(timeout: timeout)
  }
}
