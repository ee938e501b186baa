import ArgumentParser
import Foundation
import GRPCCore
import RentGuyTransport

/// How the CLI reports a failed call: `error: <CODE>: <message>` on stderr, exit status 2.
enum RPCFailure {
  static let exitCode = ExitCode(2)

  /// Runs `body`, turning an `RPCError` into a message and exit status 2.
  static func reporting<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as RPCError {
      printError("error: \(error.code.name): \(error.message)")
      throw exitCode
    }
  }

  static func printError(_ message: String) {
    var stderr = StandardError()
    Swift.print(message, to: &stderr)
  }
}

private struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}
