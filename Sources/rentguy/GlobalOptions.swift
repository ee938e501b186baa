import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// Options every subcommand takes: where the server is (``ConnectionOptions``) and `--output`.
struct GlobalOptions: ParsableArguments {
  @OptionGroup var connection: ConnectionOptions

  @Option(help: "Output format: table or json.")
  var output: OutputFormat = .table

  /// The environment variables the CLI reads.
  static let serverVariable = "RENTGUY_SERVER"
  static let tokenVariable = "RENTGUY_TOKEN"

  /// `--timeout`: the deadline per call, in seconds.
  var timeout: Double { self.connection.timeout }

  /// See ``ConnectionOptions/authenticatedConfiguration(environment:)``.
  func authenticatedConfiguration(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) async throws -> ClientConfiguration {
    try await self.connection.authenticatedConfiguration(environment: environment)
  }

  /// Runs `body` with a signed-in client; a failed call prints `error: CODE: message` (exit 2).
  func call<T: Sendable>(_ body: @Sendable (RentGuyClient) async throws -> T) async throws -> T {
    try await self.connection.call(body)
  }

  /// The client configuration these options and the environment describe.
  func clientConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws
    -> ClientConfiguration
  {
    try self.connection.clientConfiguration(environment: environment)
  }
}

/// `--server`, `--ca-file`, `--timeout`: how to reach the server. Part of ``GlobalOptions``; a
/// command with its own `--output` (e.g. `exports report … --output csv`) takes these alone.
struct ConnectionOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Server: host:port, https://host[:port] or unix:/path (default: RENTGUY_SERVER or 127.0.0.1:50051).",
      valueName: "address"
    )
  )
  var server: String?

  @Option(help: ArgumentHelp("PEM CA bundle to trust for https:// servers.", valueName: "file"))
  var caFile: String?

  @Option(help: ArgumentHelp("Deadline per call, in seconds.", valueName: "seconds"))
  var timeout: Double = 10

  func validate() throws {
    guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    _ = try clientConfiguration()
  }

  /// The configuration with a credential: `RENTGUY_TOKEN`, else the session `rentguy login`
  /// saved for this server, refreshed first when its access token is (about to be) expired.
  func authenticatedConfiguration(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) async throws -> ClientConfiguration {
    var configuration = try self.clientConfiguration(environment: environment)
    guard configuration.token == nil else { return configuration }
    let store = CredentialStore(environment: environment)
    let server = configuration.server.description
    guard var session = store.session(for: server) else { return configuration }
    if session.accessTokenExpiresAt < Date().addingTimeInterval(60) {
      let refreshed = try await RPCFailure.reporting {
        try await RentGuyClient.withClient(configuration) { client in
          try await client.identity.refresh(.with { $0.refreshToken = session.refreshToken }).tokens
        }
      }
      session.accessToken = refreshed.accessToken
      session.accessTokenExpiresAt = refreshed.accessTokenExpiresAt.date
      session.refreshToken = refreshed.refreshToken
      session.refreshTokenExpiresAt = refreshed.refreshTokenExpiresAt.date
      try store.save(session, for: server)
    }
    configuration.token = session.accessToken
    return configuration
  }

  /// Runs `body` with a signed-in client; a failed call prints `error: CODE: message` (exit 2).
  func call<T: Sendable>(_ body: @Sendable (RentGuyClient) async throws -> T) async throws -> T {
    let configuration = try await self.authenticatedConfiguration()
    return try await RPCFailure.reporting {
      try await RentGuyClient.withClient(configuration) { client in try await body(client) }
    }
  }

  /// The client configuration these options and the environment describe.
  func clientConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws
    -> ClientConfiguration
  {
    let address = server ?? environment[GlobalOptions.serverVariable]
    let parsed: ServerAddress
    do {
      parsed = try address.map { try ServerAddress(parsing: $0) } ?? .localDefault
    } catch {
      throw ValidationError("--server \(error)")
    }
    let token = environment[GlobalOptions.tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
    return ClientConfiguration(
      server: parsed,
      token: token,
      trustedCAPath: caFile,
      serverName: nil,
      defaultTimeout: .milliseconds(Int64(timeout * 1000))
    )
  }
}
