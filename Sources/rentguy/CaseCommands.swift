import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy cases list|get|create|set-contents`.
struct CasesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cases", abstract: "Flight cases: a barcode for a fixed set of assets.",
    subcommands: [List.self, Get.self, Create.self, SetContents.self]
  )

  /// `assets` is the count, or with `full` (get, create) the ids.
  static func rows(_ cases: [Rentguy_Booking_V1_Case], full: Bool) -> [Row] {
    cases.map { flightCase in
      let assets = full ? flightCase.assetIds.joined(separator: ",") : String(flightCase.assetIds.count)
      let row: Row = [
        ("id", flightCase.id), ("name", flightCase.name), ("barcode", flightCase.barcode), ("assets", assets),
        ("version", String(flightCase.version)),
      ]
      return row
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List cases.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions

    func run() async throws {
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listCases(.with {
          $0.pageSize = size
          $0.pageToken = token
        })
      }
      OutputPrinter(format: global.output).print(rows: CasesCommand.rows(response.cases, full: false))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a case and its assets, by id or --barcode.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case's id (cas_…).") var id: String?
    @Option(help: "Look the case up by its barcode instead.") var barcode: String?

    func validate() throws {
      guard (id == nil) != (barcode == nil) else { throw ValidationError("give a case id or --barcode (one of them)") }
    }

    func run() async throws {
      let (id, barcode) = (self.id, self.barcode)
      let flightCase = try await global.call { client in
        try await client.booking.getCase(.with {
          if let barcode { $0.barcode = barcode } else { $0.caseID = id ?? "" }
        }).flightCase
      }
      OutputPrinter(format: global.output).print(rows: CasesCommand.rows([flightCase], full: true))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a case with its assets.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The case's name.") var name: String
    @Option(help: "The case's own barcode.") var barcode: String
    @Option(name: .customLong("asset"), help: ArgumentHelp("An asset in the case (ast_…); repeat for each.", valueName: "asset"))
    var assets: [String] = []

    func run() async throws {
      let (name, barcode, assets) = (self.name, self.barcode, self.assets)
      let key = UUID().uuidString
      let flightCase = try await global.call { client in
        try await client.booking.createCase(.with {
          $0.idempotencyKey = key
          $0.name = name
          $0.barcode = barcode
          $0.assetIds = assets
        }).flightCase
      }
      OutputPrinter(format: global.output).print(rows: CasesCommand.rows([flightCase], full: true))
    }
  }

  struct SetContents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set-contents",
      abstract: "Replace a case's assets (refused while one of them is checked out)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case's id (cas_…).") var id: String
    @Option(name: .customLong("asset"), help: ArgumentHelp("An asset in the case (ast_…); repeat for each. None empties the case.", valueName: "asset"))
    var assets: [String] = []
    @Option(help: "Fail unless the case is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (id, assets, version) = (self.id, self.assets, self.expectedVersion)
      let flightCase = try await global.call { client in
        try await client.booking.updateCaseContents(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.caseID = id
          $0.assetIds = assets
          $0.expectedVersion = version
        }).flightCase
      }
      OutputPrinter(format: global.output).print(rows: CasesCommand.rows([flightCase], full: true))
    }
  }
}
