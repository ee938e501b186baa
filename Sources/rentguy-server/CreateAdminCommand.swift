import ArgumentParser
import Configuration
import Foundation
import RentGuyServer

/// `rentguy-server create-admin --email E`: adds an administrator to a database (new or
/// existing); the password is the first line of standard input.
struct CreateAdminCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create-admin",
    abstract: "Add an administrator; the password (at least 12 characters) is read from standard input."
  )

  @Option(help: "The administrator's e-mail.")
  var email: String

  @Option(help: "SQLite database file (also RENTGUY_DATABASE_PATH; default rentguy.sqlite).")
  var databasePath: String?

  @Option(help: "JSON configuration file (also RENTGUY_CONFIG).")
  var config: String?

  func run() async throws {
    guard let password = readLine(strippingNewline: true), password.count >= 12 else {
      throw ValidationError("the password (first line of standard input) must have at least 12 characters")
    }
    let environment = ProcessInfo.processInfo.environment
    var flags: [AbsoluteConfigKey: ConfigValue] = [:]
    if let databasePath { flags["database.path"] = ConfigValue(.string(databasePath), isSecret: false) }
    let serverConfig = try await ServerConfig.load(
      flags: flags,
      environment: environment,
      configFile: config ?? environment[ServerConfig.configFileEnvironmentVariable]
    )
    try await RentGuyServer.createAdmin(config: serverConfig, email: email, password: password)
    print("administrator \(email) created in \(serverConfig.database.path)")
  }
}
