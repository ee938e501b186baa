import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// Printing shared by the warehouse commands: enum names (the value's name without its prefix)
/// and rows of scans, conflicts, stock levels and locations.
enum WarehouseFormat {
  // MARK: Enum names

  static func name(_ action: Rentguy_Warehouse_V1_ScanAction) -> String {
    switch action {
    case .unspecified: ""
    case .checkOut: "CHECK_OUT"
    case .checkIn: "CHECK_IN"
    case .audit: "AUDIT"
    case .prepare: "PREPARE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ result: Rentguy_Warehouse_V1_ScanResult) -> String {
    switch result {
    case .unspecified: ""
    case .accepted: "ACCEPTED"
    case .duplicate: "DUPLICATE"
    case .conflict: "CONFLICT"
    case .rejected: "REJECTED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ reason: Rentguy_Warehouse_V1_ScanReason) -> String {
    switch reason {
    case .unspecified: ""
    case .unknownBarcode: "UNKNOWN_BARCODE"
    case .missingField: "MISSING_FIELD"
    case .unknownBooking: "UNKNOWN_BOOKING"
    case .bookingNotActive: "BOOKING_NOT_ACTIVE"
    case .notOnBooking: "NOT_ON_BOOKING"
    case .alreadyCheckedOut: "ALREADY_CHECKED_OUT"
    case .notCheckedOut: "NOT_CHECKED_OUT"
    case .notRentable: "NOT_RENTABLE"
    case .outOfOrder: "OUT_OF_ORDER"
    case .invalidField: "INVALID_FIELD"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ condition: Rentguy_Warehouse_V1_ItemCondition) -> String {
    switch condition {
    case .unspecified: ""
    case .ok: "OK"
    case .needsCheck: "NEEDS_CHECK"
    case .damaged: "DAMAGED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ status: Rentguy_Warehouse_V1_ConflictStatus) -> String {
    switch status {
    case .unspecified: ""
    case .open: "OPEN"
    case .applied: "APPLIED"
    case .dismissed: "DISMISSED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ kind: Rentguy_Warehouse_V1_LocationKind) -> String {
    switch kind {
    case .unspecified: ""
    case .warehouse: "WAREHOUSE"
    case .vehicle: "VEHICLE"
    case .repairShop: "REPAIR_SHOP"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  /// The actor's name, else its id.
  static func name(_ who: Rentguy_Common_V1_Actor) -> String {
    who.displayName.isEmpty ? who.id : who.displayName
  }

  // MARK: Rows

  /// One row per stored scan.
  static func scanRows(_ scans: [Rentguy_Warehouse_V1_Scan], render: Render) -> [Row] {
    scans.map { scan in
      let row: Row = [
        ("id", scan.id), ("scanned", scan.hasScannedAt ? render.time(scan.scannedAt) : ""), ("device", scan.deviceID),
        ("seq", scan.deviceSequence == 0 ? "" : String(scan.deviceSequence)), ("action", Self.name(scan.action)),
        ("barcode", scan.barcode), ("result", Self.name(scan.result)), ("reason", Self.name(scan.reason)),
        ("booking", scan.bookingID), ("location", scan.locationID), ("assets", scan.assetIds.joined(separator: ",")),
        ("qty", scan.quantity == 0 ? "" : String(scan.quantity)), ("condition", Self.name(scan.condition)),
      ]
      return row
    }
  }

  /// One row per conflict, with its scan and (once resolved) the resolution.
  static func conflictRows(_ conflicts: [Rentguy_Warehouse_V1_Conflict], render: Render) -> [Row] {
    conflicts.map { conflict in
      let scan = conflict.scan
      let row: Row = [
        ("id", conflict.id), ("status", Self.name(conflict.status)), ("reason", Self.name(conflict.reason)),
        ("action", Self.name(scan.action)), ("barcode", scan.barcode), ("assets", scan.assetIds.joined(separator: ",")),
        ("booking", scan.bookingID), ("device", scan.deviceID),
        ("opened", conflict.hasOpenedAt ? render.time(conflict.openedAt) : ""), ("message", conflict.message),
        ("resolved", conflict.hasResolvedAt ? render.time(conflict.resolvedAt) : ""),
        ("resolved_by", conflict.hasResolvedBy ? Self.name(conflict.resolvedBy) : ""), ("note", conflict.resolutionNote),
      ]
      return row
    }
  }

  /// One row per product and location.
  static func stockRows(_ levels: [Rentguy_Warehouse_V1_StockLevel]) -> [Row] {
    levels.map { level in
      let row: Row = [
        ("product", level.productID), ("name", level.productName), ("location", level.locationID),
        ("available", String(level.available)), ("out", String(level.checkedOut)), ("quarantine", String(level.quarantine)),
        ("repair", String(level.repair)), ("total", String(level.total)),
      ]
      return row
    }
  }

  /// One row per location.
  static func locationRows(_ locations: [Rentguy_Warehouse_V1_Location]) -> [Row] {
    locations.map { location in
      let row: Row = [("id", location.id), ("name", location.name), ("kind", Self.name(location.kind))]
      return row
    }
  }
}

// MARK: - Enum arguments

enum ScanActionArgument: String, ExpressibleByArgument, CaseIterable {
  case checkOut = "check-out"
  case checkIn = "check-in"
  case prepare, audit

  var proto: Rentguy_Warehouse_V1_ScanAction {
    switch self {
    case .checkOut: .checkOut
    case .checkIn: .checkIn
    case .prepare: .prepare
    case .audit: .audit
    }
  }
}

enum ItemConditionArgument: String, ExpressibleByArgument, CaseIterable {
  case ok
  case needsCheck = "needs-check"
  case damaged

  var proto: Rentguy_Warehouse_V1_ItemCondition {
    switch self {
    case .ok: .ok
    case .needsCheck: .needsCheck
    case .damaged: .damaged
    }
  }
}

enum ConflictStatusArgument: String, ExpressibleByArgument, CaseIterable {
  case open, applied, dismissed

  var proto: Rentguy_Warehouse_V1_ConflictStatus {
    switch self {
    case .open: .open
    case .applied: .applied
    case .dismissed: .dismissed
    }
  }
}

enum LocationKindArgument: String, ExpressibleByArgument, CaseIterable {
  case warehouse, vehicle
  case repairShop = "repair-shop"

  var proto: Rentguy_Warehouse_V1_LocationKind {
    switch self {
    case .warehouse: .warehouse
    case .vehicle: .vehicle
    case .repairShop: .repairShop
    }
  }
}

/// `--apply` or `--dismiss`: how `conflicts resolve` settles a conflict.
enum ConflictResolutionFlag: String, EnumerableFlag {
  case apply, dismiss

  var proto: Rentguy_Warehouse_V1_ConflictResolution {
    switch self {
    case .apply: .apply
    case .dismiss: .dismiss
    }
  }

  static func help(for value: ConflictResolutionFlag) -> ArgumentHelp? {
    switch value {
    case .apply: return ArgumentHelp("Apply the scan anyway (e.g. mark the asset checked in).")
    case .dismiss: return ArgumentHelp("Judge the scan wrong and leave it unapplied.")
    }
  }
}

// MARK: - Commands

/// `rentguy scans list`.
struct ScansCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scans", abstract: "Scan history: what was scanned, where, by which device.", subcommands: [List.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List scans, newest first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only scans of this asset (ast_…).") var asset: String?
    @Option(help: "Only scans for this booking (bkg_…).") var booking: String?
    @Option(help: "Only scans from this device.") var device: String?
    @OptionGroup(title: "Only scans made in") var dates: PeriodOptions

    func run() async throws {
      let period = try self.dates.period()
      let (asset, booking, device) = (self.asset, self.booking, self.device)
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.warehouse.listScans(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.assetID = asset ?? ""
          $0.bookingID = booking ?? ""
          $0.deviceID = device ?? ""
          if let period { $0.period = period }
        })
      }
      OutputPrinter(format: global.output).print(rows: WarehouseFormat.scanRows(response.scans, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }
}

/// `rentguy conflicts list|resolve`.
struct ConflictsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conflicts", abstract: "Scan conflicts: scans that did not fit, for a person to apply or dismiss.",
    subcommands: [List.self, Resolve.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List conflicts (the open ones unless --all or --status).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Flag(help: "Every status: open, applied and dismissed.") var all = false
    @Option(help: "Only conflicts in this status.") var status: ConflictStatusArgument?
    @Option(help: "Only conflicts of this booking (bkg_…).") var booking: String?

    func validate() throws {
      if all && status != nil { throw ValidationError("give --all or --status, not both") }
    }

    func run() async throws {
      let (all, booking) = (self.all, self.booking)
      let status = self.status?.proto ?? .unspecified
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.warehouse.listConflicts(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.status = status
          $0.bookingID = booking ?? ""
          $0.allStatuses = all
        })
      }
      OutputPrinter(format: global.output).print(
        rows: WarehouseFormat.conflictRows(response.conflicts, render: Render(global.output))
      )
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Resolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Resolve a conflict: apply its scan anyway or dismiss it, with a note.",
      discussion: "Fails with FAILED_PRECONDITION when the conflict is already resolved."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The conflict's id (cfl_…).") var id: String
    @Flag var resolution: ConflictResolutionFlag
    @Option(help: "Why (required).") var note: String

    func validate() throws {
      guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--note must not be empty") }
    }

    func run() async throws {
      let (id, resolution, note) = (self.id, self.resolution.proto, self.note)
      let conflict = try await global.call { client in
        try await client.warehouse.resolveConflict(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.conflictID = id
          $0.resolution = resolution
          $0.note = note
        }).conflict
      }
      OutputPrinter(format: global.output).print(rows: WarehouseFormat.conflictRows([conflict], render: Render(global.output)))
    }
  }
}

/// `rentguy stock list|adjust`.
struct StockCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stock", abstract: "Stock per product and location; bulk stock adjustments.",
    subcommands: [List.self, Adjust.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List stock: available, out, quarantine, repair per location.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this location (loc_…).") var location: String?
    @Option(help: "Only this product (prd_…).") var product: String?

    func run() async throws {
      let (location, product) = (self.location, self.product)
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.warehouse.listStock(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.locationID = location ?? ""
          $0.productID = product ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: WarehouseFormat.stockRows(response.levels))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Adjust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a bulk product's available quantity at a location: by --delta, or to a count.",
      discussion: """
        --delta adds (or, negative, removes) items: goods bought or written off. --expected with --counted \
        sets the counted quantity, only if the available quantity is still the expected one \
        (ABORTED otherwise: scans moved stock meanwhile; count again).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The bulk product (prd_…).") var product: String
    @Option(help: "The location (loc_…).") var location: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Items to add; negative removes (e.g. --delta -2).", valueName: "n"))
    var delta: Int32?
    @Option(help: ArgumentHelp("The available quantity the count started from.", valueName: "n")) var expected: Int32?
    @Option(help: ArgumentHelp("The counted available quantity.", valueName: "n")) var counted: Int32?
    @Option(help: "Why: bought, written off, counted (required).") var reason: String

    func validate() throws {
      if let delta {
        guard expected == nil, counted == nil else { throw ValidationError("give --delta, or --expected with --counted, not both") }
        guard delta != 0 else { throw ValidationError("--delta must not be 0") }
      } else {
        guard let expected, let counted else { throw ValidationError("give --delta, or --expected with --counted") }
        guard expected >= 0, counted >= 0 else { throw ValidationError("--expected and --counted must be 0 or more") }
      }
      guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw ValidationError("--reason must not be empty")
      }
    }

    func run() async throws {
      let change: Rentguy_Warehouse_V1_AdjustBulkStockRequest.OneOf_Change
      if let delta = self.delta {
        change = .delta(delta)
      } else {
        var recount = Rentguy_Warehouse_V1_Recount()
        recount.expectedAvailable = self.expected ?? 0
        recount.countedAvailable = self.counted ?? 0
        change = .recount(recount)
      }
      let (product, location, reason, adjustment) = (self.product, self.location, self.reason, change)
      let level = try await global.call { client in
        try await client.warehouse.adjustBulkStock(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.productID = product
          $0.locationID = location
          $0.reason = reason
          $0.change = adjustment
        }).level
      }
      OutputPrinter(format: global.output).print(rows: WarehouseFormat.stockRows([level]))
    }
  }
}

/// `rentguy locations list|create`.
struct LocationsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "locations", abstract: "Warehouse locations: warehouses, vehicles, repair shops.",
    subcommands: [List.self, Create.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List locations.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let locations = try await global.call { try await $0.warehouse.listLocations(.init()).locations }
      OutputPrinter(format: global.output).print(rows: WarehouseFormat.locationRows(locations))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a location.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The location's name.") var name: String
    @Option(help: "What it is.") var kind: LocationKindArgument

    func run() async throws {
      let (name, kind) = (self.name, self.kind.proto)
      let location = try await global.call { client in
        try await client.warehouse.createLocation(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.name = name
          $0.kind = kind
        }).location
      }
      OutputPrinter(format: global.output).print(rows: WarehouseFormat.locationRows([location]))
    }
  }
}
