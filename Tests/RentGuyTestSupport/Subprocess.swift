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
  /// Runs `executable` to completion (killing it after `timeout`), capturing stdout and stderr.
  /// Waits without blocking Swift's cooperative threads (in-process servers need them).
  public static func run(
    _ executable: String,
    _ arguments: [String],
    environment: [String: String]? = nil,
    currentDirectory: String? = nil,
    timeout: Duration = .seconds(300)
  ) async throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    process.standardInput = FileHandle.nullDevice
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let collected = OutputCollector()
    pipe.fileHandleForReading.readabilityHandler = { handle in
      collected.append(handle.availableData)
    }
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { process in
        continuation.resume(returning: process.terminationStatus)
      }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
        return
      }
      DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(timeout.components.seconds))) {
        if process.isRunning { process.terminate() }
      }
    }
    pipe.fileHandleForReading.readabilityHandler = nil
    collected.append(pipe.fileHandleForReading.readDataToEndOfFile())
    return ProcessOutput(status: status, output: collected.text)
  }
}

/// Bytes read from a pipe on dispatch threads.
public final class OutputCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  public init() {}

  public func append(_ chunk: Data) {
    self.lock.lock()
    self.data.append(chunk)
    self.lock.unlock()
  }

  public var text: String {
    self.lock.lock()
    defer { self.lock.unlock() }
    return String(decoding: self.data, as: UTF8.self)
  }
}
