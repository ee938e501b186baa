import ArgumentParser
import Configuration
import Foundation
import Logging
import RentGuyServer

/// `rentguy-server [serve]`: the RentGuy backend. With no configuration it serves gRPC (h2c) on
/// 127.0.0.1:50051 and the REST shim on 127.0.0.1:8080, with `rentguy.sqlite` in the working
/// directory. Precedence: flags > environment (`RENTGUY_…`) > JSON file > defaults.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Runs the RentGuy backend: gRPC on HTTP/2 and the REST shim (the default).",
    discussion: """
      Every option can also be set in the environment (RENTGUY_GRPC_PORT, RENTGUY_DATABASE_PATH, …) \
      or in a JSON file given by --config or RENTGUY_CONFIG. See docs/operations.md.
      """
  )

  @Option(help: "JSON configuration file (also RENTGUY_CONFIG).")
  var config: String?

  @Option(help: "gRPC listen address.")
  var grpcHost: String?

  @Option(help: "gRPC port (0 picks a free port).")
  var grpcPort: Int?

  @Option(help: "PEM certificate chain: serve gRPC over TLS.")
  var grpcTlsCertificate: String?

  @Option(help: "PEM private key for --grpc-tls-certificate.")
  var grpcTlsKey: String?

  @Option(help: "PEM CA bundle: require client certificates (mTLS).")
  var grpcTlsClientCa: String?

  @Option(help: "REST shim listen address.")
  var httpHost: String?

  @Option(help: "REST shim port (0 picks a free port).")
  var httpPort: Int?

  @Option(help: "SQLite database file.")
  var databasePath: String?

  @Option(help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel: String?

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let serverConfig: ServerConfig
    do {
      serverConfig = try await ServerConfig.load(
        flags: flags(),
        environment: environment,
        configFile: config ?? environment[ServerConfig.configFileEnvironmentVariable]
      )
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }

    var logger = Logger(label: "rentguy")
    logger.logLevel = serverConfig.logLevel
    try await RentGuyServer(config: serverConfig, logger: logger).run { line in
      print(line)
      fflush(nil)
    }
  }

  private func flags() -> [AbsoluteConfigKey: ConfigValue] {
    var values: [AbsoluteConfigKey: ConfigValue] = [:]
    func set(_ key: AbsoluteConfigKey, _ value: String?) {
      if let value { values[key] = ConfigValue(.string(value), isSecret: false) }
    }
    func set(_ key: AbsoluteConfigKey, _ value: Int?) {
      if let value { values[key] = ConfigValue(.int(value), isSecret: false) }
    }
    set("grpc.host", grpcHost)
    set("grpc.port", grpcPort)
    set("grpc.tls.certificate", grpcTlsCertificate)
    set("grpc.tls.key", grpcTlsKey)
    set("grpc.tls.clientCA", grpcTlsClientCa)
    set("http.host", httpHost)
    set("http.port", httpPort)
    set("database.path", databasePath)
    set("log.level", logLevel)
    return values
  }
}
