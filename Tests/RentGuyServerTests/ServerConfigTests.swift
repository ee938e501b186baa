import Configuration
import Foundation
import Logging
import RentGuyServer
import Testing

@Suite("Server configuration")
struct ServerConfigTests {
  @Test("with nothing configured the embedded defaults apply")
  func defaults() async throws {
    let config = try await ServerConfig.load(environment: [:], configFile: nil)
    #expect(config.grpc.host == "127.0.0.1")
    #expect(config.grpc.port == 50051)
    #expect(config.http.port == 8080)
    #expect(config.database.path == "rentguy.sqlite")
    #expect(config.grpc.tlsCertificatePath == nil)
    #expect(config.logLevel == .info)
  }

  @Test("flags beat the environment, which beats the file, which beats the defaults")
  func precedence() async throws {
    try await withConfigFile(#"{"grpc": {"port": 1111, "host": "0.0.0.0"}, "http": {"port": 1112}, "log": {"level": "debug"}}"#) { file in
      let fileOnly = try await ServerConfig.load(environment: [:], configFile: file)
      #expect(fileOnly.grpc.port == 1111)
      #expect(fileOnly.grpc.host == "0.0.0.0")
      #expect(fileOnly.http.port == 1112)
      #expect(fileOnly.logLevel == .debug)

      let environment = ["RENTGUY_GRPC_PORT": "2222", "RENTGUY_DATABASE_PATH": "/tmp/env.sqlite"]
      let withEnvironment = try await ServerConfig.load(environment: environment, configFile: file)
      #expect(withEnvironment.grpc.port == 2222)
      #expect(withEnvironment.grpc.host == "0.0.0.0")
      #expect(withEnvironment.database.path == "/tmp/env.sqlite")

      let withFlags = try await ServerConfig.load(
        flags: ["grpc.port": ConfigValue(.int(3333), isSecret: false)],
        environment: environment,
        configFile: file
      )
      #expect(withFlags.grpc.port == 3333)
      #expect(withFlags.database.path == "/tmp/env.sqlite")
    }
  }

  @Test("a value that cannot be used stops the start and names its key", arguments: [
    (["RENTGUY_GRPC_PORT": "fifty"], "grpc.port"),
    (["RENTGUY_HTTP_PORT": "70000"], "http.port"),
    (["RENTGUY_LOG_LEVEL": "loud"], "log.level"),
    (["RENTGUY_GRPC_TLS_CERTIFICATE": "/etc/rentguy/cert.pem"], "grpc.tls"),
    (["RENTGUY_GRPC_MAX_CONCURRENT_STREAMS": "0"], "grpc.maxConcurrentStreams"),
  ])
  func invalidValues(environment: [String: String], key: String) async {
    do {
      _ = try await ServerConfig.load(environment: environment, configFile: nil)
      Issue.record("\(environment) was accepted")
    } catch let error as ConfigurationError {
      #expect(error.key == key, "\(error)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test("a configuration file that is missing or not JSON stops the start")
  func badFiles() async throws {
    await #expect(throws: ConfigurationError.self) {
      try await ServerConfig.load(environment: [:], configFile: "/nonexistent/rentguy.json")
    }
    try await withConfigFile("{ not json") { file in
      await #expect(throws: ConfigurationError.self) {
        try await ServerConfig.load(environment: [:], configFile: file)
      }
    }
  }

  private func withConfigFile(_ contents: String, _ body: (String) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("rentguy-\(UUID().uuidString).json").path
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
  }
}
