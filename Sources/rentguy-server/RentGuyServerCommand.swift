import ArgumentParser

/// `rentguy-server`: serves (the default), or administers a database.
@main
struct RentGuyServerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rentguy-server",
    abstract: "The RentGuy backend: gRPC on HTTP/2 and the REST shim.",
    subcommands: [ServeCommand.self, CreateAdminCommand.self],
    defaultSubcommand: ServeCommand.self
  )
}
