import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy kits list|get|create|update|archive`.
struct KitsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kits", abstract: "Kits: sets of products rented and priced together.",
    subcommands: [List.self, Get.self, Create.self, Update.self, Archive.self]
  )

  static func rows(_ kits: [Rentguy_Booking_V1_Kit]) -> [Row] {
    kits.map { kit in
      let row: Row = [
        ("id", kit.id), ("name", kit.name), ("components", BookingFormat.components(kit.components)),
        ("day_price", BookingFormat.money(kit.dayPrice)), ("vat", BookingFormat.name(kit.vatCategory)),
        ("archived", BookingFormat.yesNo(kit.archived)), ("version", String(kit.version)),
      ]
      return row
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List kits.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Flag(help: "Include archived kits.") var all = false

    func run() async throws {
      let (all, size, token) = (self.all, self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listKits(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.includeArchived = all
        })
      }
      OutputPrinter(format: global.output).print(rows: KitsCommand.rows(response.kits))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a kit.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The kit's id (kit_…).") var id: String

    func run() async throws {
      let id = self.id
      let kit = try await global.call { try await $0.booking.getKit(.with { $0.kitID = id }).kit }
      OutputPrinter(format: global.output).print(rows: KitsCommand.rows([kit]))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a kit.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The kit's name.") var name: String
    @Option(
      name: .customLong("component"),
      help: ArgumentHelp("A product in the kit, PRODUCT_ID=QTY (repeat for each product).", valueName: "product=qty")
    )
    var components: [ItemSpec] = []
    @Option(help: ArgumentHelp("Price per billable day of the whole kit, excluding VAT, e.g. 120.00.", valueName: "amount")) var dayPrice: String
    @Option(help: "VAT category (default standard).") var vat: VatArgument?

    func validate() throws {
      guard !components.isEmpty else { throw ValidationError("give at least one --component PRODUCT_ID=QTY") }
    }

    func run() async throws {
      var kit = Rentguy_Booking_V1_Kit()
      kit.name = self.name
      kit.components = self.components.map(\.kitComponent)
      kit.dayPrice = try BookingFormat.money(parsing: self.dayPrice, option: "--day-price")
      if let vat = self.vat { kit.vatCategory = vat.proto }
      let created = kit
      let key = UUID().uuidString
      let result = try await global.call { client in
        try await client.booking.createKit(.with {
          $0.idempotencyKey = key
          $0.kit = created
        }).kit
      }
      OutputPrinter(format: global.output).print(rows: KitsCommand.rows([result]))
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Change a kit (only the options given).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The kit's id (kit_…).") var id: String
    @Option(help: "The kit's name.") var name: String?
    @Option(
      name: .customLong("component"),
      help: ArgumentHelp("PRODUCT_ID=QTY, repeated: replaces all of the kit's components.", valueName: "product=qty")
    )
    var components: [ItemSpec] = []
    @Option(help: ArgumentHelp("Price per billable day of the whole kit, excluding VAT.", valueName: "amount")) var dayPrice: String?
    @Option(help: "VAT category.") var vat: VatArgument?
    @Option(help: "Fail unless the kit is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var kit = Rentguy_Booking_V1_Kit()
      var paths: [String] = []
      kit.id = self.id
      if let name = self.name { kit.name = name; paths.append("name") }
      if !self.components.isEmpty { kit.components = self.components.map(\.kitComponent); paths.append("components") }
      if let dayPrice = self.dayPrice {
        kit.dayPrice = try BookingFormat.money(parsing: dayPrice, option: "--day-price")
        paths.append("day_price")
      }
      if let vat = self.vat { kit.vatCategory = vat.proto; paths.append("vat_category") }
      guard !paths.isEmpty else { throw ValidationError("nothing to change: give --name, --component, --day-price or --vat") }
      let (changed, fields, version) = (kit, paths, self.expectedVersion)
      let updated = try await global.call { client in
        try await client.booking.updateKit(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.kit = changed
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version
        }).kit
      }
      OutputPrinter(format: global.output).print(rows: KitsCommand.rows([updated]))
    }
  }

  struct Archive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hide a kit from new bookings (existing bookings keep it).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The kit's id (kit_…).") var id: String

    func run() async throws {
      let id = self.id
      let kit = try await global.call { client in
        try await client.booking.archiveKit(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.kitID = id
        }).kit
      }
      OutputPrinter(format: global.output).print(rows: KitsCommand.rows([kit]))
    }
  }
}
