import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy login`: signs in and saves the session for this server (see ``CredentialStore``).
struct LoginCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "login",
    abstract: "Sign in and save the session for this server.",
    discussion: """
      The password is asked for without echo, or read from standard input with --password-stdin. \
      Later commands use the saved session and refresh it when needed; RENTGUY_TOKEN still wins.
      """
  )

  @OptionGroup var global: GlobalOptions

  @Option(help: "The e-mail to sign in with (asked for when missing).")
  var email: String?

  @Flag(help: "Read the password from the first line of standard input.")
  var passwordStdin = false

  func run() async throws {
    guard let email = self.email ?? Self.ask("E-mail: "), !email.isEmpty else {
      throw ValidationError("an e-mail is needed: --email or the prompt")
    }
    let password = self.passwordStdin ? SecretPrompt.readStandardInput() : SecretPrompt.read(prompt: "Password: ")
    guard let password, !password.isEmpty else {
      throw ValidationError("no password: use the prompt or --password-stdin")
    }
    var configuration = try global.clientConfiguration()
    configuration.token = nil
    let host = ProcessInfo.processInfo.hostName
    let response = try await RPCFailure.reporting {
      try await RentGuyClient.withClient(configuration) { client in
        try await client.identity.login(.with {
          $0.email = email
          $0.password = password
          $0.clientName = "rentguy CLI on \(host)"
        })
      }
    }
    try CredentialStore().save(
      CredentialStore.Session(
        email: response.user.email,
        sessionID: response.tokens.sessionID,
        accessToken: response.tokens.accessToken,
        accessTokenExpiresAt: response.tokens.accessTokenExpiresAt.date,
        refreshToken: response.tokens.refreshToken,
        refreshTokenExpiresAt: response.tokens.refreshTokenExpiresAt.date
      ),
      for: configuration.server.description
    )
    OutputPrinter(format: global.output).print(rows: [[
      ("user", response.user.email),
      ("roles", response.user.roleIds.joined(separator: ",")),
      ("session", response.tokens.sessionID),
      ("server", configuration.server.description),
    ]])
  }

  private static func ask(_ prompt: String) -> String? {
    Swift.print(prompt, terminator: "")
    return readLine(strippingNewline: true)
  }
}

/// `rentguy logout`: ends the saved session on the server and forgets it.
struct LogoutCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "logout", abstract: "End the saved session (or every session with --all).")

  @OptionGroup var global: GlobalOptions

  @Flag(help: "End every session of the user, on every device.")
  var all = false

  func run() async throws {
    let configuration = try await global.authenticatedConfiguration()
    let response = try await RPCFailure.reporting {
      try await RentGuyClient.withClient(configuration) { client in
        try await client.identity.logout(.with { $0.allSessions = all })
      }
    }
    if ProcessInfo.processInfo.environment[GlobalOptions.tokenVariable]?.isEmpty ?? true {
      try CredentialStore().save(nil, for: configuration.server.description)
    }
    OutputPrinter(format: global.output).print(rows: [[("sessions_ended", String(response.sessionsEnded))]])
  }
}

/// `rentguy whoami`: the user or API key behind the credential, and its permissions.
struct WhoamiCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who the credential belongs to.")

  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let configuration = try await global.authenticatedConfiguration()
    let principal = try await RPCFailure.reporting {
      try await RentGuyClient.withClient(configuration) { client in
        try await client.identity.getCurrentPrincipal(.init())
      }
    }
    let isUser = principal.hasUser
    OutputPrinter(format: global.output).print(rows: [[
      ("id", isUser ? principal.user.id : principal.apiKey.id),
      ("name", isUser ? principal.user.email : principal.apiKey.name),
      ("kind", isUser ? "user" : "api key"),
      ("roles", (isUser ? principal.user.roleIds : principal.apiKey.roleIds).joined(separator: ",")),
      ("permissions", global.output == .json ? principal.permissions.joined(separator: ",") : String(principal.permissions.count)),
    ]])
  }
}

/// `rentguy audit verify`: recomputes the audit log's hash chain on the server.
struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.", subcommands: [List.self, Verify.self])

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Audit events, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this actor (usr_…, key_…).") var actor: String?
    @Option(help: "Only actions starting with this, e.g. auth.") var action: String?
    @Option(help: "How many.") var limit: Int32 = 50

    func run() async throws {
      let (actor, action, limit) = (self.actor, self.action, self.limit)
      let events = try await global.call { client in
        try await client.identity.listAuditEvents(.with {
          $0.actorID = actor ?? ""
          $0.actionPrefix = action ?? ""
          $0.pageSize = limit
        }).events
      }
      OutputPrinter(format: global.output).print(rows: events.map {
        [("time", ISO8601DateFormatter().string(from: $0.occurredAt.date)), ("actor", $0.actor.displayName.isEmpty ? $0.actor.id : $0.actor.displayName),
         ("action", $0.action), ("resource", $0.resourceID), ("outcome", $0.outcome), ("summary", $0.summary)]
      })
    }
  }

  struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the audit log's hash chain.",
      discussion: "Exit status: 0 intact, 1 broken (the first broken event is shown), 2 the call failed."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let configuration = try await global.authenticatedConfiguration()
      let result = try await RPCFailure.reporting {
        try await RentGuyClient.withClient(configuration) { client in
          try await client.identity.verifyAuditLog(.init())
        }
      }
      OutputPrinter(format: global.output).print(rows: [[
        ("intact", result.intact ? "yes" : "NO"),
        ("events", String(result.eventsChecked)),
        ("first_broken_event", result.firstBrokenEventID),
        ("problem", result.problem),
      ]])
      if !result.intact { throw ExitCode(1) }
    }
  }
}
