import ArgumentParser

/// `rentguy`: the operations CLI. Subcommands group by service; every one takes the global
/// options (`--server`, `--output`, `--ca-file`, `--timeout`) and reads the credential from
/// `RENTGUY_TOKEN`.
@main
struct RentGuyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rentguy",
    abstract: "Operate a RentGuy server over gRPC.",
    discussion: """
      The server comes from --server or RENTGUY_SERVER (default 127.0.0.1:50051); \
      the credential from RENTGUY_TOKEN (an access token or an API key), else the session that \
      `rentguy login` saved for the server.
      """,
    subcommands: [
      HealthCommand.self, LoginCommand.self, LogoutCommand.self, WhoamiCommand.self, UsersCommand.self, RolesCommand.self,
      ApiKeysCommand.self, SessionsCommand.self, AuditCommand.self,
      ProductsCommand.self, KitsCommand.self, CasesCommand.self, AssetsCommand.self, CustomersCommand.self, LeadsCommand.self,
      BookingsCommand.self, InvoicesCommand.self, AvailabilityCommand.self,
      ScanCommand.self, ScansCommand.self, ConflictsCommand.self, StockCommand.self, LocationsCommand.self,
      PaymentsCommand.self, RefundsCommand.self, QueueCommand.self, WebhooksCommand.self,
      ExportsCommand.self, ExportSchedulesCommand.self, ConnectionsCommand.self,
    ]
  )
}
