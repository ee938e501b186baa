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
      the credential (an access token or an API key) from RENTGUY_TOKEN.
      """,
    subcommands: [HealthCommand.self]
  )
}
