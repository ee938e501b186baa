import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy assets list|get|create|update`.
struct AssetsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assets", abstract: "Serialized assets: physical items with their own barcode.",
    subcommands: [List.self, Get.self, Create.self, Update.self]
  )

  static func rows(_ assets: [Rentguy_Booking_V1_Asset]) -> [Row] {
    assets.map { asset in
      let row: Row = [
        ("id", asset.id), ("product", asset.productID), ("barcode", asset.barcode), ("serial", asset.serialNumber),
        ("status", BookingFormat.name(asset.status)), ("location", asset.locationID), ("case", asset.caseID),
        ("booking", asset.bookingID),
      ]
      return row
    }
  }

  static func detail(_ asset: Rentguy_Booking_V1_Asset) -> [Row] {
    let more: Row = [("notes", asset.notes), ("version", String(asset.version))]
    return [Self.rows([asset])[0] + more]
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List assets.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only assets of this product (prd_…).") var product: String?
    @Option(help: "Only assets in this status.") var status: AssetStatusArgument?
    @Option(help: "Only assets at this location (loc_…).") var location: String?
    @Option(help: "Only assets checked out to this booking (bkg_…).") var booking: String?

    func run() async throws {
      let (product, location, booking) = (self.product, self.location, self.booking)
      let status = self.status?.proto ?? .unspecified
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listAssets(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.productID = product ?? ""
          $0.status = status
          $0.locationID = location ?? ""
          $0.bookingID = booking ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: AssetsCommand.rows(response.assets))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an asset, by id or --barcode.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The asset's id (ast_…).") var id: String?
    @Option(help: "Look the asset up by its barcode instead.") var barcode: String?

    func validate() throws {
      guard (id == nil) != (barcode == nil) else { throw ValidationError("give an asset id or --barcode (one of them)") }
    }

    func run() async throws {
      let (id, barcode) = (self.id, self.barcode)
      let asset = try await global.call { client in
        try await client.booking.getAsset(.with {
          if let barcode { $0.barcode = barcode } else { $0.assetID = id ?? "" }
        }).asset
      }
      OutputPrinter(format: global.output).print(rows: AssetsCommand.detail(asset))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Register an asset of a serialized product.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The serialized product (prd_…).") var product: String
    @Option(help: "The asset's barcode (unique among assets, cases and bulk products).") var barcode: String
    @Option(help: "The manufacturer's serial number.") var serial: String?
    @Option(help: "Where it is kept (loc_…).") var location: String?
    @Option(help: "Notes.") var notes: String?

    func run() async throws {
      let (product, barcode, serial, location, notes) = (self.product, self.barcode, self.serial, self.location, self.notes)
      let key = UUID().uuidString
      let asset = try await global.call { client in
        try await client.booking.createAsset(.with {
          $0.idempotencyKey = key
          $0.productID = product
          $0.barcode = barcode
          $0.serialNumber = serial ?? ""
          $0.locationID = location ?? ""
          $0.notes = notes ?? ""
        }).asset
      }
      OutputPrinter(format: global.output).print(rows: AssetsCommand.detail(asset))
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Change an asset's status, location, serial number or notes.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The asset's id (ast_…).") var id: String
    @Option(help: "available, quarantine, repair, lost or retired (checked-out is set by scans only).") var status: AssetStatusArgument?
    @Option(help: "Where it is kept (loc_…).") var location: String?
    @Option(help: "Notes (replaces them).") var notes: String?
    @Option(help: "The manufacturer's serial number.") var serial: String?
    @Option(help: "Fail unless the asset is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var asset = Rentguy_Booking_V1_Asset()
      var paths: [String] = []
      asset.id = self.id
      if let status = self.status { asset.status = status.proto; paths.append("status") }
      if let location = self.location { asset.locationID = location; paths.append("location_id") }
      if let serial = self.serial { asset.serialNumber = serial; paths.append("serial_number") }
      if let notes = self.notes { asset.notes = notes; paths.append("notes") }
      guard !paths.isEmpty else { throw ValidationError("nothing to change: give --status, --location, --serial or --notes") }
      let (changed, fields, version) = (asset, paths, self.expectedVersion)
      let updated = try await global.call { client in
        try await client.booking.updateAsset(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.asset = changed
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version
        }).asset
      }
      OutputPrinter(format: global.output).print(rows: AssetsCommand.detail(updated))
    }
  }
}
