import ArgumentParser
import GRPCCore
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy health`: whether the server (or one service) is serving, over grpc.health.v1.
/// Exit status 0 when SERVING, 1 when not, 2 when the call failed.
struct HealthCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "health",
    abstract: "Show whether the server (or one of its services) is serving.",
    discussion: "Exit status: 0 SERVING, 1 not serving, 2 the call failed (e.g. UNAVAILABLE)."
  )

  @OptionGroup var global: GlobalOptions

  @Option(help: "A service, e.g. grpc.health.v1.Health (default: the whole server).")
  var service = ""

  func run() async throws {
    let configuration = try global.clientConfiguration()
    let status = try await RPCFailure.reporting {
      try await RentGuyClient.withClient(configuration) { client in
        try await client.health.check(.with { $0.service = service }).status
      }
    }
    OutputPrinter(format: global.output).print(rows: [[
      // The whole server is the empty name; people read it better as "(server)".
      ("service", service.isEmpty && global.output == .table ? "(server)" : service),
      ("status", Self.name(of: status)),
      ("server", configuration.server.description),
    ]])
    if status != .serving { throw ExitCode(1) }
  }

  static func name(of status: Grpc_Health_V1_HealthCheckResponse.ServingStatus) -> String {
    switch status {
    case .serving: "SERVING"
    case .notServing: "NOT_SERVING"
    case .serviceUnknown: "SERVICE_UNKNOWN"
    case .unknown: "UNKNOWN"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }
}
