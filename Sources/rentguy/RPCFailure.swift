import ArgumentParser
import Foundation
import GRPCCore

/// How the CLI reports a failed call: `error: <CODE>: <message>` on stderr, exit status 2.
enum RPCFailure {
  static let exitCode = ExitCode(2)

  /// Runs `body`, turning an `RPCError` into a message and exit status 2.
  static func reporting<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as RPCError {
      printError("error: \(codeName(error.code)): \(error.message)")
      throw exitCode
    }
  }

  /// The canonical name of a status code ("UNAVAILABLE", "NOT_FOUND", "INTERNAL").
  static func codeName(_ code: RPCError.Code) -> String {
    code == .internalError ? "INTERNAL" : String(describing: code).uppercasedSnakeCase
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

extension String {
  /// "deadlineExceeded" → "DEADLINE_EXCEEDED".
  fileprivate var uppercasedSnakeCase: String {
    var result = ""
    for character in self {
      if character.isUppercase && !result.isEmpty { result.append("_") }
      result.append(contentsOf: character.uppercased())
    }
    return result
  }
}
