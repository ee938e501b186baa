import Foundation

/// A program running beside a test: its output is collected as it comes, and the test can wait
/// for a line to appear before acting (without blocking Swift's cooperative threads).
public final class BackgroundProcess: @unchecked Sendable {
  private let process = Process()
  private let output = OutputCollector()

  /// Everything the program printed so far (stdout and stderr).
  public var printed: String { output.text }

  /// Starts `executable` with `arguments`.
  public init(_ executable: String, _ arguments: [String]) throws {
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    let collected = output
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let chunk = handle.availableData
      if chunk.isEmpty {
        handle.readabilityHandler = nil
      } else {
        collected.append(chunk)
      }
    }
    try process.run()
  }

  /// Waits until the output contains `text` (true), or `timeout` passes or the program ends
  /// without printing it (false).
  public func waitForOutput(containing text: String, timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if printed.contains(text) { return true }
      if !process.isRunning { return printed.contains(text) }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return false
  }

  /// Waits (up to `timeout`, then SIGKILL) for the program to end; its exit status or nil.
  public func waitForExit(timeout: Duration) async -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      return nil
    }
    // Let the last output arrive.
    try? await Task.sleep(for: .milliseconds(100))
    return process.terminationStatus
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}
