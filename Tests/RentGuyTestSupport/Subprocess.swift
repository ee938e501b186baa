public import Foundation

/// Where end-to-end tests find what they run: built products, the venv's Python, the peers.
public enum TestEnvironment {
  /// The package root (this file is Tests/RentGuyTestSupport/Subprocess.swift).
  public static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The venv's Python, as scripts/setup.sh creates it (or `RENTGUY_PYTHON`).
  public static var python: String {
    ProcessInfo.processInfo.environment["RENTGUY_PYTHON"]
      ?? packageRoot.appendingPathComponent(".venv/bin/python").path
  }

  public static func peerScript(_ name: String) -> String {
    packageRoot.appendingPathComponent("Tests/peers/\(name)").path
  }

  /// A product built next to the test bundle (`swift build` puts all products in one folder).
  public static func builtProduct(_ name: String) -> String {
    let candidates = [
      Bundle.main.executableURL?.deletingLastPathComponent(),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(),
      packageRoot.appendingPathComponent(".build/debug"),
    ].compactMap { $0 }
    for directory in candidates {
      let path = directory.appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return packageRoot.appendingPathComponent(".build/debug/\(name)").path
  }
}

/// The result of a finished program.
public struct ProcessOutput: Sendable {
  public var status: Int32
  public var output: String
}

/// Runs programs to completion.
public enum Subprocess {
  /// Runs `executable` to completion (killing it after `timeout`: status -1), capturing stdout
  /// and stderr together.
  public static func run(
    _ executable: String,
    _ arguments: [String],
    environment: [String: String] = [:],
    currentDirectory: String? = nil,
    timeout: Duration = .seconds(300)
  ) async throws -> ProcessOutput {
    let process = try BackgroundProcess(
      executable, arguments, environment: environment, currentDirectory: currentDirectory
    )
    let status = await process.waitForExit(timeout: timeout) ?? -1
    return ProcessOutput(status: status, output: process.printed)
  }
}

/// Bytes read from a pipe on dispatch threads.
final class OutputCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private var finished = false

  func append(_ chunk: Data) {
    lock.lock()
    data.append(chunk)
    lock.unlock()
  }

  /// The pipe reached its end.
  func finish() {
    lock.lock()
    finished = true
    lock.unlock()
  }

  var isFinished: Bool {
    lock.lock()
    defer { lock.unlock() }
    return finished
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: data, as: UTF8.self)
  }
}
