import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import RentGuyRules
import SwiftProtobuf

/// `--functions`, `--licences`, `--hourly-rate`: a crew member's profile.
struct CrewOptions: ParsableArguments {
  @Option(help: "Crew functions, comma-separated: driver, dj, technician, stagehand, host.") var functions: String?
  @Option(help: "Driving licence categories, comma-separated (B, BE, C1, …).") var licences: String?
  @Option(help: "Cost per hour, e.g. 25.00 or \"EUR 25.00\".") var hourlyRate: String?

  var isEmpty: Bool { self.functions == nil && self.licences == nil && self.hourlyRate == nil }

  /// The profile, or nil when no option was given.
  func profile() throws -> Rentguy_Identity_V1_CrewProfile? {
    guard !self.isEmpty else { return nil }
    var profile = Rentguy_Identity_V1_CrewProfile()
    for name in (self.functions ?? "").split(separator: ",") {
      guard let function = Self.function(named: String(name)) else {
        throw ValidationError("--functions: '\(name)' is not driver, dj, technician, stagehand or host")
      }
      profile.functions.append(function)
    }
    profile.licenceCategories = (self.licences ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    if let rate = self.hourlyRate {
      do {
        let money = try Money.parse(rate)
        profile.hourlyRate = .with { $0.amountMinor = money.minorUnits; $0.currency = money.currency }
      } catch { throw ValidationError("--hourly-rate: \(error)") }
    }
    return profile
  }

  static func function(named name: String) -> Rentguy_Identity_V1_CrewFunction? {
    ["driver": .driver, "dj": .dj, "technician": .technician, "stagehand": .stagehand, "host": .host][name.lowercased().trimmingCharacters(in: .whitespaces)]
  }

  static func name(of function: Rentguy_Identity_V1_CrewFunction) -> String {
    switch function {
    case .driver: "driver"
    case .dj: "dj"
    case .technician: "technician"
    case .stagehand: "stagehand"
    case .host: "host"
    default: "?"
    }
  }
}

/// `rentguy users list|get|create|deactivate`.
struct UsersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "users", abstract: "Users: staff and crew.",
    subcommands: [List.self, Get.self, Create.self, Update.self, SetPassword.self, Deactivate.self]
  )

  static func rows(_ users: [Rentguy_Identity_V1_User]) -> [[(String, String)]] {
    users.map {
      [
        ("id", $0.id), ("email", $0.email), ("name", $0.displayName), ("roles", $0.roleIds.joined(separator: ",")),
        ("crew", $0.crew.functions.map(CrewOptions.name(of:)).joined(separator: ",")), ("active", $0.active ? "yes" : "no"),
      ]
    }
  }

  struct List: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only users with this role.") var role: String?
    @Option(help: "Only crew who work in this function (driver, dj, technician, stagehand, host).") var function: String?
    @Option(help: "A part of the name or e-mail.") var query: String?
    @Flag(help: "Include deactivated users.") var all = false

    func run() async throws {
      let (role, query, all) = (self.role, self.query, self.all)
      var function = Rentguy_Identity_V1_CrewFunction.unspecified
      if let name = self.function {
        guard let named = CrewOptions.function(named: name) else { throw ValidationError("--function: '\(name)' is not a crew function") }
        function = named
      }
      let crewFunction = function
      let users = try await global.call { client in
        try await client.identity.listUsers(.with {
          $0.pageSize = 500
          $0.roleID = role ?? ""
          $0.crewFunction = crewFunction
          $0.query = query ?? ""
          $0.includeInactive = all
        }).users
      }
      OutputPrinter(format: global.output).print(rows: UsersCommand.rows(users))
    }
  }

  struct Get: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user's id (usr_…).") var id: String

    func run() async throws {
      let id = self.id
      let user = try await global.call { try await $0.identity.getUser(.with { $0.userID = id }).user }
      OutputPrinter(format: global.output).print(rows: UsersCommand.rows([user]))
    }
  }

  struct Create: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Option var email: String
    @Option var name: String
    @Option(help: "Role ids, comma-separated (admin, planner, warehouse, crew, finance, rol_…).") var roles: String
    @OptionGroup var crew: CrewOptions
    @Flag(help: "Read an initial password from the first line of standard input.") var passwordStdin = false

    func run() async throws {
      let (email, name, roles) = (self.email, self.name, self.roles.split(separator: ",").map(String.init))
      let crew = try self.crew.profile()
      let password = self.passwordStdin ? (SecretPrompt.readStandardInput() ?? "") : ""
      let key = UUID().uuidString
      let user = try await global.call { client in
        try await client.identity.createUser(.with {
          $0.idempotencyKey = key
          $0.email = email
          $0.displayName = name
          $0.roleIds = roles
          if let crew { $0.crew = crew }
          $0.initialPassword = password
        }).user
      }
      OutputPrinter(format: global.output).print(rows: UsersCommand.rows([user]))
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(discussion: "Only the options given change.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user's id (usr_…).") var id: String
    @Option var email: String?
    @Option var name: String?
    @Option var phone: String?
    @Option(help: "Role ids, comma-separated: replaces the user's roles.") var roles: String?
    @OptionGroup var crew: CrewOptions
    @Option(help: "Fail unless the user is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var paths: [String] = []
      var user = Rentguy_Identity_V1_User()
      user.id = self.id
      if let email { user.email = email; paths.append("email") }
      if let name { user.displayName = name; paths.append("display_name") }
      if let phone { user.phone = phone; paths.append("phone") }
      if let roles { user.roleIds = roles.split(separator: ",").map(String.init); paths.append("role_ids") }
      if let crew = try self.crew.profile() { user.crew = crew; paths.append("crew") }
      guard !paths.isEmpty else { throw ValidationError("nothing to change: give --email, --name, --phone, --roles or a crew option") }
      let (changed, version, fields) = (user, self.expectedVersion, paths)
      let updated = try await global.call { client in
        try await client.identity.updateUser(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.user = changed
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version
        }).user
      }
      OutputPrinter(format: global.output).print(rows: UsersCommand.rows([updated]))
    }
  }

  struct SetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set-password",
      abstract: "Set a password (your own: the current one is asked for first).",
      discussion: "Passwords are read without echo, or as lines of standard input with --stdin (current first for your own)."
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Another user's id (needs identity.users.write); default: yourself.") var user: String?
    @Flag(help: "Read the password(s) from standard input.") var stdin = false

    func run() async throws {
      let own = self.user == nil
      let read: (String) -> String? = { prompt in self.stdin ? SecretPrompt.readStandardInput() : SecretPrompt.read(prompt: prompt) }
      let current = own ? (read("Current password: ") ?? "") : ""
      guard let new = read("New password: "), !new.isEmpty else { throw ValidationError("no new password") }
      let target = self.user ?? ""
      _ = try await global.call { client in
        try await client.identity.setPassword(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.userID = target
          $0.currentPassword = current
          $0.newPassword = new
        })
      }
      OutputPrinter(format: global.output).print(rows: [[("password", "changed")]])
    }
  }

  struct Deactivate: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user's id (usr_…).") var id: String
    @Option(help: "Why, for the audit log.") var reason = ""

    func run() async throws {
      let (id, reason) = (self.id, self.reason)
      let user = try await global.call { client in
        try await client.identity.deactivateUser(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.userID = id
          $0.reason = reason
        }).user
      }
      OutputPrinter(format: global.output).print(rows: UsersCommand.rows([user]))
    }
  }
}

/// `rentguy roles list`.
struct RolesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roles", abstract: "Roles and their permissions.", subcommands: [List.self, Create.self, Update.self, Delete.self]
  )

  static func permissions(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  struct Create: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Option var name: String
    @Option var description = ""
    @Option(help: "Permissions, comma-separated (see rentguy roles list --output json).") var permissions: String

    func run() async throws {
      let (name, description, permissions) = (self.name, self.description, RolesCommand.permissions(self.permissions))
      let role = try await global.call { client in
        try await client.identity.createRole(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.name = name
          $0.description_p = description
          $0.permissions = permissions
        }).role
      }
      OutputPrinter(format: global.output).print(rows: [[("id", role.id), ("name", role.name), ("permissions", role.permissions.joined(separator: ","))]])
    }
  }

  struct Update: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The role's id (rol_…).") var id: String
    @Option(help: "Permissions, comma-separated: replaces the role's.") var permissions: String
    @Option var description: String?

    func run() async throws {
      let (id, description, permissions) = (self.id, self.description, RolesCommand.permissions(self.permissions))
      let role = try await global.call { client in
        try await client.identity.updateRole(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.roleID = id
          $0.description_p = description ?? ""
          $0.permissions = permissions
        }).role
      }
      OutputPrinter(format: global.output).print(rows: [[("id", role.id), ("name", role.name), ("permissions", role.permissions.joined(separator: ","))]])
    }
  }

  struct Delete: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The role's id (rol_…).") var id: String

    func run() async throws {
      let id = self.id
      _ = try await global.call { try await $0.identity.deleteRole(.with { $0.idempotencyKey = UUID().uuidString; $0.roleID = id }) }
      OutputPrinter(format: global.output).print(rows: [[("deleted", id)]])
    }
  }

  struct List: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let roles = try await global.call { try await $0.identity.listRoles(.init()).roles }
      OutputPrinter(format: global.output).print(rows: roles.map {
        [("id", $0.id), ("name", $0.name), ("builtin", $0.builtin ? "yes" : "no"), ("permissions", String($0.permissions.count))]
      })
    }
  }
}

/// `rentguy api-keys list|create|rotate|revoke`.
struct ApiKeysCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "api-keys", abstract: "API keys of devices and services.", subcommands: [List.self, Create.self, Rotate.self, Revoke.self]
  )

  static func rows(_ keys: [Rentguy_Identity_V1_ApiKey]) -> [[(String, String)]] {
    keys.map {
      [("id", $0.id), ("name", $0.name), ("kind", $0.kind == .device ? "device" : "service"), ("device", $0.deviceID),
       ("roles", $0.roleIds.joined(separator: ",")), ("prefix", $0.secretPrefix), ("revoked", $0.hasRevokedAt ? "yes" : "no")]
    }
  }

  struct List: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Include revoked keys.") var all = false

    func run() async throws {
      let all = self.all
      let keys = try await global.call { try await $0.identity.listApiKeys(.with { $0.pageSize = 500; $0.includeRevoked = all }).apiKeys }
      OutputPrinter(format: global.output).print(rows: ApiKeysCommand.rows(keys))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(discussion: "The secret is printed once; store it on the device or service.")
    @OptionGroup var global: GlobalOptions
    @Option var name: String
    @Option(help: "A scanner's device id: makes a device key (otherwise a service key).") var device: String?
    @Option(help: "Role ids, comma-separated.") var roles: String

    func run() async throws {
      let (name, device, roles) = (self.name, self.device, self.roles.split(separator: ",").map(String.init))
      let created = try await global.call { client in
        try await client.identity.createApiKey(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.name = name
          $0.kind = device == nil ? .service : .device
          $0.deviceID = device ?? ""
          $0.roleIds = roles
        })
      }
      OutputPrinter(format: global.output).print(rows: [ApiKeysCommand.rows([created.apiKey])[0] + [("secret", created.secret)]])
    }
  }

  struct Rotate: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The key's id (key_…).") var id: String
    @Option(help: "Hours the old secret keeps working.") var graceHours = 24

    func run() async throws {
      let (id, hours) = (self.id, self.graceHours)
      let rotated = try await global.call { client in
        try await client.identity.rotateApiKey(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.apiKeyID = id
          $0.gracePeriod = Google_Protobuf_Duration(seconds: Int64(hours) * 3600)
        })
      }
      OutputPrinter(format: global.output).print(rows: [ApiKeysCommand.rows([rotated.apiKey])[0] + [("secret", rotated.secret)]])
    }
  }

  struct Revoke: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The key's id (key_…).") var id: String

    func run() async throws {
      let id = self.id
      let key = try await global.call { try await $0.identity.revokeApiKey(.with { $0.idempotencyKey = UUID().uuidString; $0.apiKeyID = id }).apiKey }
      OutputPrinter(format: global.output).print(rows: ApiKeysCommand.rows([key]))
    }
  }
}

/// `rentguy sessions list|revoke`.
struct SessionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "sessions", abstract: "Signed-in sessions.", subcommands: [List.self, Revoke.self])

  struct List: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Option(help: "Another user's id (needs identity.sessions.manage).") var user: String?

    func run() async throws {
      let user = self.user
      let sessions = try await global.call { try await $0.identity.listSessions(.with { $0.userID = user ?? ""; $0.pageSize = 500 }).sessions }
      OutputPrinter(format: global.output).print(rows: sessions.map {
        [("id", $0.id), ("client", $0.clientName), ("address", $0.clientAddress),
         ("last_used", ISO8601DateFormatter().string(from: $0.lastUsedAt.date)), ("current", $0.current ? "*" : "")]
      })
    }
  }

  struct Revoke: AsyncParsableCommand {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The session's id (ses_…).") var id: String

    func run() async throws {
      let id = self.id
      _ = try await global.call { try await $0.identity.revokeSession(.with { $0.idempotencyKey = UUID().uuidString; $0.sessionID = id }) }
      OutputPrinter(format: global.output).print(rows: [[("revoked", id)]])
    }
  }
}
