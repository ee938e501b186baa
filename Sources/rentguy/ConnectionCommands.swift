import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy connections get|set|test|authorize-exact|mapping`.
struct ConnectionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "connections", abstract: "The Moneybird and Exact Online connections and their account mappings.",
    subcommands: [Get.self, SetCommand.self, Test.self, AuthorizeExact.self, Mapping.self]
  )

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a provider's connection settings (secrets only as set or not).",
      discussion: "With --output json, the connection as protobuf JSON."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The provider: moneybird or exact.") var provider: AccountingProviderArgument

    func run() async throws {
      let provider = self.provider.proto
      let connection = try await global.call { client in
        try await client.export.getConnection(.with { $0.provider = provider }).connection
      }
      try DetailPrinter.print(
        global.output, message: connection, sections: [ExportFormat.connectionRows(connection, render: Render(global.output))]
      )
    }
  }

  /// `rentguy connections set moneybird|exact`.
  struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set", abstract: "Change a provider's connection settings (only the options given).",
      subcommands: [Moneybird.self, Exact.self]
    )

    struct Moneybird: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Change the Moneybird connection (only the options given).",
        discussion: """
          The API token is read from standard input (without echo on a terminal), never from the command line: \
          printf '%s\\n' "$TOKEN" | rentguy connections set moneybird --api-token-stdin
          """
      )
      @OptionGroup var global: GlobalOptions
      @Option(help: ArgumentHelp("The administration's id (the number in its Moneybird URL).", valueName: "id"))
      var administrationId: String?
      @Flag(help: "Read the API token from standard input.") var apiTokenStdin = false
      @Option(name: .customLong("base-url"), help: ArgumentHelp("Moneybird's address (default https://moneybird.com).", valueName: "url"))
      var baseURL: String?
      @Flag(help: "Remove the stored API token.") var clearApiToken = false
      @Option(help: "Fail unless the connection is at this version (see get).") var expectedVersion: Int64?

      func validate() throws {
        if let administrationId {
          guard ExportFormat.isDigits(Substring(administrationId)) else {
            throw ValidationError("--administration-id: '\(administrationId)' is not a number (the one in the administration's URL)")
          }
        }
        if let baseURL { try PaymentFormat.checkURL(baseURL, option: "--base-url") }
        if apiTokenStdin && clearApiToken { throw ValidationError("give --api-token-stdin or --clear-api-token, not both") }
        guard administrationId != nil || apiTokenStdin || baseURL != nil || clearApiToken else {
          throw ValidationError("nothing to change: give --administration-id, --api-token-stdin, --base-url or --clear-api-token")
        }
      }

      func run() async throws {
        var settings = Rentguy_Export_V1_MoneybirdSettings()
        var paths: [String] = []
        if let administrationId { settings.administrationID = administrationId; paths.append("moneybird.administration_id") }
        if let baseURL { settings.baseURL = baseURL; paths.append("moneybird.base_url") }
        if apiTokenStdin { settings.apiToken = try ConnectionsCommand.readSecret("Moneybird API token"); paths.append("moneybird.api_token") }
        var connection = Rentguy_Export_V1_Connection()
        connection.provider = .moneybird
        connection.moneybird = settings
        let cleared = clearApiToken ? ["moneybird.api_token"] : []
        let updated = try await ConnectionsCommand.update(connection, paths: paths, clear: cleared, expectedVersion: expectedVersion, global: global)
        OutputPrinter(format: global.output).print(rows: ExportFormat.connectionRows(updated, render: Render(global.output)))
      }
    }

    struct Exact: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Change the Exact Online connection (only the options given); then run authorize-exact.",
        discussion: """
          The client secret (of the app registered at Exact) is read from standard input (without echo on a \
          terminal), never from the command line. Clearing it also removes Exact's stored tokens.
          """
      )
      @OptionGroup var global: GlobalOptions
      @Option(help: ArgumentHelp("The Exact division (administration) number.", valueName: "number")) var division: Int32?
      @Option(help: ArgumentHelp("The client id of the app registered at Exact.", valueName: "id")) var clientId: String?
      @Flag(help: "Read the client secret from standard input.") var clientSecretStdin = false
      @Option(
        name: .customLong("redirect-uri"),
        help: ArgumentHelp("The redirect URI registered with the app (https://…).", valueName: "url")
      )
      var redirectURI: String?
      @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("Exact's address for the country, e.g. https://start.exactonline.nl.", valueName: "url")
      )
      var baseURL: String?
      @Flag(help: "Remove the stored client secret (and Exact's tokens).") var clearClientSecret = false
      @Option(help: "Fail unless the connection is at this version (see get).") var expectedVersion: Int64?

      func validate() throws {
        if let division, division <= 0 { throw ValidationError("--division must be a division number (more than 0)") }
        if let clientId, clientId.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--client-id must not be empty") }
        if let redirectURI { try PaymentFormat.checkURL(redirectURI, option: "--redirect-uri") }
        if let baseURL { try PaymentFormat.checkURL(baseURL, option: "--base-url") }
        if clientSecretStdin && clearClientSecret { throw ValidationError("give --client-secret-stdin or --clear-client-secret, not both") }
        guard division != nil || clientId != nil || clientSecretStdin || redirectURI != nil || baseURL != nil || clearClientSecret else {
          throw ValidationError(
            "nothing to change: give --division, --client-id, --client-secret-stdin, --redirect-uri, --base-url or --clear-client-secret"
          )
        }
      }

      func run() async throws {
        var settings = Rentguy_Export_V1_ExactSettings()
        var paths: [String] = []
        if let baseURL { settings.baseURL = baseURL; paths.append("exact.base_url") }
        if let division { settings.division = division; paths.append("exact.division") }
        if let clientId { settings.clientID = clientId.trimmingCharacters(in: .whitespaces); paths.append("exact.client_id") }
        if let redirectURI { settings.redirectUri = redirectURI; paths.append("exact.redirect_uri") }
        if clientSecretStdin { settings.clientSecret = try ConnectionsCommand.readSecret("Exact client secret"); paths.append("exact.client_secret") }
        var connection = Rentguy_Export_V1_Connection()
        connection.provider = .exact
        connection.exact = settings
        let cleared = clearClientSecret ? ["exact.client_secret"] : []
        let updated = try await ConnectionsCommand.update(connection, paths: paths, clear: cleared, expectedVersion: expectedVersion, global: global)
        OutputPrinter(format: global.output).print(rows: ExportFormat.connectionRows(updated, render: Render(global.output)))
      }
    }
  }

  /// Reads a secret: without echo on a terminal, else the first line of standard input.
  static func readSecret(_ name: String) throws -> String {
    let text = isatty(STDIN_FILENO) == 1 ? SecretPrompt.read(prompt: "\(name): ") : SecretPrompt.readStandardInput()
    let secret = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard !secret.isEmpty else { throw ValidationError("no \(name) on standard input") }
    return secret
  }

  /// UpdateConnection with the fields named in `paths` and the secrets in `clear` removed.
  static func update(
    _ connection: Rentguy_Export_V1_Connection, paths: [String], clear: [String], expectedVersion: Int64?, global: GlobalOptions
  ) async throws -> Rentguy_Export_V1_Connection {
    let (version, key) = (expectedVersion ?? 0, UUID().uuidString)
    return try await global.call { client in
      try await client.export.updateConnection(.with {
        $0.idempotencyKey = key
        $0.connection = connection
        $0.updateMask = Google_Protobuf_FieldMask(protoPaths: paths)
        $0.expectedVersion = version
        $0.clearSecrets_p = clear
      }).connection
    }
  }

  struct Test: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Call the provider with the stored settings; exit status 1 when it does not work."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The provider: moneybird or exact.") var provider: AccountingProviderArgument

    func run() async throws {
      let provider = self.provider.proto
      let result = try await global.call { client in
        try await client.export.testConnection(.with { $0.provider = provider })
      }
      OutputPrinter(format: global.output).print(rows: [[
        ("provider", ExportFormat.name(provider)), ("ok", BookingFormat.yesNo(result.ok)), ("message", result.message),
      ]])
      if !result.ok { throw ExitCode(1) }
    }
  }

  struct AuthorizeExact: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "authorize-exact",
      abstract: "Authorize RentGuy at Exact Online: open the URL printed, sign in, paste the URL you land on.",
      discussion: """
        Needs exact.client_id, exact.client_secret and exact.redirect_uri (connections set exact). Paste the whole \
        URL Exact redirects to (or just its code) on standard input; its state must be this authorization's. \
        Scripts: --redirect-url finishes an authorization started earlier with this command.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(
      name: .customLong("redirect-url"),
      help: ArgumentHelp("The URL Exact redirected to (with code and state): finish without a prompt.", valueName: "url")
    )
    var redirectURL: String?

    func validate() throws {
      if let redirectURL {
        let response = try ExportFormat.authorizationResponse(redirectURL, option: "--redirect-url")
        guard response.state != nil else {
          throw ValidationError("--redirect-url has no state: give the whole URL Exact redirected to")
        }
      }
    }

    func run() async throws {
      let code: String
      let state: String
      if let redirectURL {
        let response = try ExportFormat.authorizationResponse(redirectURL, option: "--redirect-url")
        code = response.code
        state = response.state ?? ""
      } else {
        let key = UUID().uuidString
        let started = try await global.call { client in
          try await client.export.startExactAuthorization(.with { $0.idempotencyKey = key })
        }
        Console.error("Open this URL in a browser and sign in to Exact Online:")
        if global.output == .json { Console.error(started.authorizationURL) } else { Console.output(started.authorizationURL) }
        Console.error("Then paste the URL Exact sends you to (or its code) and press Enter:")
        guard let pasted = readLine(strippingNewline: true), !pasted.trimmingCharacters(in: .whitespaces).isEmpty else {
          Console.error("nothing pasted: finish later with `rentguy connections authorize-exact --redirect-url URL`")
          throw ExitCode(1)
        }
        let response = try ExportFormat.authorizationResponse(pasted, option: "the pasted text")
        if let returned = response.state, returned != started.state {
          throw ValidationError("the state in that URL is not this authorization's: paste the URL of this sign-in, or start again")
        }
        code = response.code
        state = started.state
      }
      let (codeValue, stateValue, key) = (code, state, UUID().uuidString)
      let connection = try await global.call { client in
        try await client.export.completeExactAuthorization(.with {
          $0.idempotencyKey = key
          $0.code = codeValue
          $0.state = stateValue
        }).connection
      }
      OutputPrinter(format: global.output).print(rows: ExportFormat.connectionRows(connection, render: Render(global.output)))
    }
  }

  /// `rentguy connections mapping get|set`.
  struct Mapping: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mapping", abstract: "The accounts, VAT codes, journal and contact matching documents are booked with.",
      subcommands: [Get.self, SetMapping.self]
    )

    struct Get: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a provider's mapping: its settings, then one row per VAT category.",
        discussion: "With --output json, the mapping as protobuf JSON."
      )
      @OptionGroup var global: GlobalOptions
      @Argument(help: "The provider: moneybird or exact.") var provider: AccountingProviderArgument

      func run() async throws {
        let provider = self.provider.proto
        let mapping = try await global.call { client in
          try await client.export.getMapping(.with { $0.provider = provider }).mapping
        }
        try DetailPrinter.print(global.output, message: mapping, sections: ExportFormat.mappingSections(mapping, render: Render(global.output)))
      }
    }

    struct SetMapping: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a provider's mapping (only the options given; --vat per category).",
        discussion: """
          --vat CATEGORY=ACCOUNT:TAXCODE (repeatable; categories standard, reduced, zero, exempt, reverse-charge): \
          Moneybird: the ledger account id and tax_rate_id; Exact: the GL account and VAT code. CATEGORY= removes \
          a category. Reads the mapping first and updates that version (or --expected-version): ABORTED when it \
          changed in between. Checked for form, not completeness: exports start names what a period needs.
          """
      )
      @OptionGroup var global: GlobalOptions
      @Argument(help: "The provider: moneybird or exact.") var provider: AccountingProviderArgument
      @Option(help: ArgumentHelp("A VAT category's revenue account and tax code, e.g. standard=8000:2.", valueName: "category=account:code"))
      var vat: [String] = []
      @Option(help: ArgumentHelp("Exact: the sales journal code, e.g. 70.", valueName: "code")) var journal: String?
      @Option(help: ArgumentHelp("Moneybird: the workflow of new invoices (empty: the administration's default).", valueName: "id"))
      var workflowId: String?
      @Option(help: ArgumentHelp("Where payments are booked: Moneybird financial account id, Exact bank journal code.", valueName: "account"))
      var paymentsAccount: String?
      @Option(help: "How customers are found: customer-number (then e-mail) or email.") var contactMatching: ContactMatchingArgument?
      @Option(help: "Fail unless the mapping is at this version (see get).") var expectedVersion: Int64?

      func validate() throws {
        _ = try ExportFormat.vatMappings(vat)
        guard !vat.isEmpty || journal != nil || workflowId != nil || paymentsAccount != nil || contactMatching != nil else {
          throw ValidationError("nothing to change: give --vat, --journal, --workflow-id, --payments-account or --contact-matching")
        }
      }

      func run() async throws {
        let (set, removed) = try ExportFormat.vatMappings(self.vat)
        let (provider, journal, workflowID, paymentsAccount) = (self.provider.proto, self.journal, self.workflowId, self.paymentsAccount)
        let (matching, expected, key) = (self.contactMatching?.proto, self.expectedVersion, UUID().uuidString)
        let saved: Rentguy_Export_V1_AccountingMapping = try await global.call { client in
          var mapping = try await client.export.getMapping(.with { $0.provider = provider }).mapping
          let version = expected ?? mapping.version
          let changed = set.map(\.category) + removed
          mapping.vat.removeAll { changed.contains($0.category) }
          mapping.vat += set
          mapping.vat.sort { $0.category.rawValue < $1.category.rawValue }
          mapping.provider = provider
          if let journal { mapping.journal = journal }
          if let workflowID { mapping.workflowID = workflowID }
          if let paymentsAccount { mapping.paymentsAccount = paymentsAccount }
          if let matching { mapping.contactMatching = matching }
          let request = mapping
          return try await client.export.updateMapping(.with {
            $0.idempotencyKey = key
            $0.mapping = request
            $0.expectedVersion = version
          }).mapping
        }
        try DetailPrinter.print(global.output, message: saved, sections: ExportFormat.mappingSections(saved, render: Render(global.output)))
      }
    }
  }
}
