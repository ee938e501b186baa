import Foundation

/// A program started by a test: its output (stdout and stderr together) is collected as it
/// comes, and the test waits for a line or for the exit without blocking Swift's cooperative
/// threads (in-process servers need them). Killed when released.
public final class BackgroundProcess: @unchecked Sendable {
  private let process = Process()
  private let output = OutputCollector()

  /// Everything the program printed so far.
  public var printed: String { output.text }
  /// The process id.
  public var pid: Int32 { process.processIdentifier }

  /// Starts `executable` with `arguments`, the test's environment plus `environment`, in
  /// `currentDirectory` (default: the test's).
  public init(
    _ executable: String,
    _ arguments: [String],
    environment: [String: String] = [:],
    currentDirectory: String? = nil
  ) throws {
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    let collected = output
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let chunk = handle.availableData
      if chunk.isEmpty {
        handle.readabilityHandler = nil
        collected.finish()
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
      if !process.isRunning && output.isFinished { return printed.contains(text) }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return false
  }

  /// Waits (up to `timeout`, then SIGKILL) for the program to end and its output to be read;
  /// its exit status, or nil when it had to be killed.
  public func waitForExit(timeout: Duration) async -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      return nil
    }
    // The pipe reaches its end once every writer has closed it; don't wait forever for that.
    let outputDeadline = ContinuousClock.now + .seconds(5)
    while !output.isFinished && ContinuousClock.now < outputDeadline {
      try? await Task.sleep(for: .milliseconds(10))
    }
    return process.terminationStatus
  }

  /// Sends SIGTERM and waits (up to `timeout`, then SIGKILL) for the exit status; -1 if killed.
  public func stop(timeout: Duration = .seconds(20)) async -> Int32 {
    if process.isRunning { process.terminate() }
    return await waitForExit(timeout: timeout) ?? -1
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}
