import Foundation

/// Runs programs for end-to-end tests: the interop server and the Python peers.
enum TestEnvironment {
  /// The package root (this file is Tests/RentGuyTransportTests/Support/Subprocess.swift).
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The venv's Python, as scripts/setup.sh creates it (or `RENTGUY_PYTHON`).
  static var python: String {
    ProcessInfo.processInfo.environment["RENTGUY_PYTHON"]
      ?? packageRoot.appendingPathComponent(".venv/bin/python").path
  }

  static func peerScript(_ name: String) -> String {
    packageRoot.appendingPathComponent("Tests/peers/\(name)").path
  }

  /// A product built next to the test bundle (`swift build` puts all products in one folder).
  static func builtProduct(_ name: String) -> String {
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
struct ProcessOutput {
  var status: Int32
  var output: String
}

enum Subprocess {
  /// Runs `executable` to completion (killing it after `timeout`), capturing stdout and stderr.
  /// Waits without blocking Swift's cooperative threads (in-process servers need them).
  static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(300)) async throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
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
final class OutputCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  func append(_ chunk: Data) {
    self.lock.lock()
    self.data.append(chunk)
    self.lock.unlock()
  }

  var text: String {
    self.lock.lock()
    defer { self.lock.unlock() }
    return String(decoding: self.data, as: UTF8.self)
  }
}
