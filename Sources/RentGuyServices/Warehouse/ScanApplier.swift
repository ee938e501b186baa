import Foundation
import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Applies scans inside the writer's transaction: deduplicates, rejects the malformed, opens a
/// conflict for everything that does not fit the current state, and otherwise moves assets, bulk
/// stock, booking line counts and the booking's status, with its booking event. Returns the ack,
/// which is stored with the scan and replayed for duplicates.
struct ScanApplier {
  typealias Ack = Rentguy_Warehouse_V1_ScanAck
  typealias Reason = Rentguy_Warehouse_V1_ScanReason

  let db: any WarehouseDatabase
  let mutation: Mutation
  /// The device key's home location, for scans that name none.
  let homeLocation: String?
  /// Locations looked up so far.
  private let locations = LocationCache()

  private final class LocationCache {
    var known: [String: Bool] = [:]
  }

  init(db: any WarehouseDatabase, mutation: Mutation, homeLocation: String?) {
    self.db = db
    self.mutation = mutation
    self.homeLocation = homeLocation
  }

  /// The outcome for one asset (or the bulk product) before it is written into the ack.
  private struct Outcome {
    var assetID: String?
    var conflict: (reason: Reason, message: String)?
    /// The booking the asset is out on, when the scan names none (so that its conflicts show on it).
    var bookingID: String?
    /// The asset's product (recorded on the scan).
    var productID: String?
    /// The asset's scan before this one, when the asset was read (the scan is linked into its history).
    var previousScanID: String??
  }

  /// Bookings changed by this scan, written once at the end.
  private final class Touched {
    /// Bookings read by this scan, as changed so far.
    var bookings: [String: StoredBooking] = [:]
    /// The ones changed.
    var changed: [String] = []

    func change(_ booking: StoredBooking) {
      self.bookings[booking.id] = booking
      if !self.changed.contains(booking.id) { self.changed.append(booking.id) }
    }
  }

  /// - Parameter id: the id the scan is stored under, if it is stored (made by the caller,
  ///   outside the writer's transaction: ids need no database).
  func apply(_ scan: Rentguy_Warehouse_V1_ScanRequest, id: String) throws -> Ack {
    var ack = Ack()
    ack.clientScanID = scan.clientScanID
    ack.deviceSequence = scan.deviceSequence
    ack.serverTime = Google_Protobuf_Timestamp(milliseconds: self.mutation.now)
    guard !scan.clientScanID.isEmpty, scan.clientScanID.utf8.count <= 128, !scan.deviceID.isEmpty, scan.deviceID.utf8.count <= 128 else {
      // Without its keys a scan cannot be deduplicated: refused, not stored.
      ack.result = .rejected
      ack.reason = .missingField
      ack.message = "client_scan_id and device_id are required (at most 128 bytes each)"
      return ack
    }
    if let stored = try self.db.scanAck(deviceID: scan.deviceID, clientScanID: scan.clientScanID) {
      var replay = (try? Ack(serializedBytes: stored)) ?? ack
      replay.originalResult = replay.result
      replay.result = .duplicate
      replay.serverTime = ack.serverTime
      return replay
    }

    let scanID = id
    ack.scanID = scanID
    let location = scan.locationID.isEmpty ? self.homeLocation : scan.locationID
    if let problem = try self.malformed(scan, location: location) {
      ack.result = .rejected
      ack.reason = problem.reason
      ack.message = problem.message
      try self.store(scan, id: scanID, ack: ack, location: location, assets: [], productID: nil)
      return ack
    }
    guard let target = try self.db.barcodeTarget(scan.barcode) else {
      ack.result = .rejected
      ack.reason = .unknownBarcode
      ack.message = "no asset, case or bulk product has the barcode \(scan.barcode)"
      try self.store(scan, id: scanID, ack: ack, location: location, assets: [], productID: nil)
      return ack
    }

    // Malformed for this kind of barcode: a serialized item is one unit; bulk needs a place.
    let rejection: (Reason, String)? =
      if target.kind != "bulk" && scan.quantity > 1 {
        (.invalidField, "quantity: \(scan.barcode) is scanned one unit at a time")
      } else if target.kind == "bulk" && location == nil {
        (.missingField, "location_id: bulk scans need one (the device key has no home location)")
      } else {
        nil
      }
    if let (reason, message) = rejection {
      ack.result = .rejected
      ack.reason = reason
      ack.message = message
      try self.store(scan, id: scanID, ack: ack, location: location, assets: [], productID: nil)
      return ack
    }

    let touched = Touched()
    let booking = scan.bookingID.isEmpty ? nil : try self.db.booking(scan.bookingID)
    var outcomes: [Outcome] = []
    var productID: String?
    switch target.kind {
    case "bulk":
      productID = target.id
      outcomes = [try self.bulk(scan, productID: target.id, booking: booking, location: location, touched)]
    default:
      let assets: [String]
      if target.kind == "case" {
        assets = try self.db.flightCase(id: target.id)?.assetIDs ?? []
        guard !assets.isEmpty else {
          ack.result = .rejected
          ack.reason = .invalidField
          ack.message = "the case \(scan.barcode) holds no assets"
          try self.store(scan, id: scanID, ack: ack, location: location, assets: [], productID: nil)
          return ack
        }
      } else {
        assets = [target.id]
      }
      for assetID in assets {
        outcomes.append(try self.asset(assetID, scan, scanID: scanID, booking: booking, location: location, touched))
      }
      productID = assets.count == 1 ? outcomes.first?.productID : nil
    }

    // The ack: one outcome per asset, the scan's own result their aggregate.
    var conflicts: [StoredConflict] = []
    for outcome in outcomes {
      var asset = Rentguy_Warehouse_V1_AssetOutcome()
      asset.assetID = outcome.assetID ?? ""
      if let conflict = outcome.conflict {
        let stored = StoredConflict(
          id: Identifier.make("cfl"), scanID: scanID, assetID: outcome.assetID,
          status: Rentguy_Warehouse_V1_ConflictStatus.open.rawValue, reason: conflict.reason.rawValue, message: conflict.message,
          bookingID: booking?.id ?? (scan.bookingID.isEmpty ? outcome.bookingID : scan.bookingID), openedAt: self.mutation.now
        )
        conflicts.append(stored)
        asset.result = .conflict
        asset.reason = conflict.reason
        asset.conflictID = stored.id
        asset.message = conflict.message
      } else {
        asset.result = .accepted
      }
      if outcome.assetID != nil { ack.assets.append(asset) }
    }
    ack.assetIds = outcomes.compactMap(\.assetID)
    if let first = conflicts.first {
      ack.result = .conflict
      ack.reason = Reason(rawValue: first.reason) ?? .unspecified
      ack.conflictID = first.id
      ack.message = conflicts.count == 1 ? first.message : "\(conflicts.count) of \(outcomes.count) did not fit: \(first.message)"
    } else {
      ack.result = .accepted
      ack.message = "\(Self.verb(scan.action)) \(outcomes.count == 1 ? scan.barcode : "\(outcomes.count) assets")"
    }
    try self.settle(touched)
    let shown = scan.bookingID.isEmpty ? (touched.changed.count == 1 ? touched.bookings[touched.changed[0]] : nil) : touched.bookings[scan.bookingID]
    if let shown = shown ?? booking { ack.bookingStatus = Rentguy_Booking_V1_BookingStatus(rawValue: shown.status) ?? .unspecified }
    let links = outcomes.compactMap { outcome in outcome.assetID.flatMap { id in outcome.previousScanID.map { (assetID: id, previousScanID: $0) } } }
    try self.store(scan, id: scanID, ack: ack, location: location, assets: ack.assetIds, productID: productID, links: links)
    for conflict in conflicts { try self.db.insertConflict(conflict) }
    return ack
  }

  // MARK: - Validation

  private func malformed(_ scan: Rentguy_Warehouse_V1_ScanRequest, location: String?) throws -> (reason: Reason, message: String)? {
    if !scan.hasScannedAt { return (.missingField, "scanned_at is required") }
    if scan.barcode.isEmpty { return (.missingField, "barcode is required") }
    if scan.barcode.utf8.count > 128 { return (.invalidField, "barcode has more than 128 bytes") }
    switch scan.action {
    case .unspecified: return (.missingField, "action is required")
    case .UNRECOGNIZED: return (.invalidField, "action \(scan.action.rawValue) is not a scan action")
    case .checkOut, .prepare:
      if scan.bookingID.isEmpty { return (.missingField, "booking_id is required to check out or prepare") }
    default: break
    }
    if case .UNRECOGNIZED = scan.condition { return (.invalidField, "condition \(scan.condition.rawValue) is not an item condition") }
    if scan.quantity < 0 { return (.invalidField, "quantity must not be negative") }
    if let location, !(try self.knownLocation(location)) { return (.invalidField, "location \(location) does not exist") }
    return nil
  }

  /// Whether a location exists (asked once per location and applier: scans of a chunk share one).
  private func knownLocation(_ id: String) throws -> Bool {
    if let known = self.locations.known[id] { return known }
    let exists = try self.db.location(id) != nil
    self.locations.known[id] = exists
    return exists
  }

  // MARK: - Serialized assets

  /// The outcome for one asset; the asset row gets what the scan changed, and this scan as its
  /// newest (conflicts too: they are part of its history).
  private func asset(
    _ id: String, _ scan: Rentguy_Warehouse_V1_ScanRequest, scanID: String, booking: StoredBooking?, location: String?, _ touched: Touched
  ) throws -> Outcome {
    guard let read = try self.db.asset(id: id) else { return Outcome(assetID: id, conflict: (.unknownBarcode, "asset \(id) is gone")) }
    var asset = read
    var outcome = try self.apply(scan, to: &asset, booking: booking, location: location, touched)
    if outcome.conflict != nil { asset = read }
    asset.lastScanID = scanID
    try self.db.updateScannedAsset(asset, from: read)
    outcome.previousScanID = .some(read.lastScanID)
    return outcome
  }

  /// What a scan does to one asset (`asset` changed in place), or the conflict.
  private func apply(
    _ scan: Rentguy_Warehouse_V1_ScanRequest, to asset: inout StoredAsset, booking: StoredBooking?, location: String?, _ touched: Touched
  ) throws -> Outcome {
    let id = asset.id
    func conflict(_ reason: Reason, _ message: String) -> Outcome {
      Outcome(assetID: id, conflict: (reason, "\(asset.barcode): \(message)"), bookingID: asset.bookingID, productID: asset.productID)
    }
    if scan.quantity > 1 { return conflict(.invalidField, "a serialized asset is scanned one at a time") }
    let scannedAt = scan.scannedAt.milliseconds
    if let last = asset.lastScannedAt, scannedAt < last {
      return conflict(.outOfOrder, "scanned before its last applied scan (\(Date(millisecondsSince1970: last))): not applied")
    }
    let status = Rentguy_Booking_V1_AssetStatus(rawValue: asset.status) ?? .unspecified
    switch scan.action {
    case .checkOut, .prepare:
      guard let current = try self.active(booking, scan, touched) else {
        return conflict(scan.bookingID.isEmpty || booking != nil ? .bookingNotActive : .unknownBooking, self.bookingProblem(booking, scan))
      }
      switch status {
      case .available: break
      case .checkedOut: return conflict(.alreadyCheckedOut, "already checked out\(asset.bookingID.map { " to \($0)" } ?? "")")
      default: return conflict(.notRentable, "is \(Self.name(status)), not rentable")
      }
      guard let lineIndex = try self.line(for: asset.productID, in: current) else {
        return conflict(.notOnBooking, "its product is not on booking \(current.number), or all of it is out")
      }
      asset.lastScannedAt = scannedAt
      if scan.action == .prepare {
        asset.preparedBookingID = current.id
      } else {
        asset.status = Rentguy_Booking_V1_AssetStatus.checkedOut.rawValue
        asset.bookingID = current.id
        asset.preparedBookingID = nil
        var changed = current
        changed.lines[lineIndex].checkedOutQuantity += 1
        touched.change(changed)
        try self.db.recordCheckOut(lineID: changed.lines[lineIndex].id, assetID: id, at: self.mutation.now)
      }
      return Outcome(assetID: id, productID: asset.productID)
    case .checkIn:
      guard status == .checkedOut, let out = asset.bookingID else { return conflict(.notCheckedOut, "is not checked out (\(Self.name(status)))") }
      if !scan.bookingID.isEmpty, scan.bookingID != out, booking?.id != out {
        return conflict(.notOnBooking, "is out on booking \(out), not \(scan.bookingID)")
      }
      asset.status = Self.status(after: scan.condition).rawValue
      asset.bookingID = nil
      asset.lastScannedAt = scannedAt
      if let location { asset.locationID = location }
      if let lineID = try self.db.openLine(assetID: id), var current = try self.current(out, touched),
        let index = current.lines.firstIndex(where: { $0.id == lineID })
      {
        current.lines[index].returnedQuantity += 1
        touched.change(current)
      }
      try self.db.recordCheckIn(assetID: id, at: self.mutation.now)
      return Outcome(assetID: id, productID: asset.productID)
    default:
      // AUDIT: seen here and now.
      if status == .checkedOut { return conflict(.alreadyCheckedOut, "seen in a stock count while checked out to \(asset.bookingID ?? "?")") }
      asset.lastScannedAt = scannedAt
      if let location { asset.locationID = location }
      return Outcome(assetID: id, productID: asset.productID)
    }
  }

  // MARK: - Bulk products

  private func bulk(
    _ scan: Rentguy_Warehouse_V1_ScanRequest, productID: String, booking: StoredBooking?, location: String?, _ touched: Touched
  ) throws -> Outcome {
    let quantity = max(1, Int(scan.quantity))
    guard let product = try self.db.product(productID) else { return Outcome(conflict: (.unknownBarcode, "product \(productID) is gone")) }
    guard let location else {
      return Outcome(conflict: (.missingField, "\(product.name): bulk scans need a location_id (the device key has no home location)"))
    }
    switch scan.action {
    case .checkOut:
      guard let current = try self.active(booking, scan, touched) else {
        return Outcome(conflict: (booking == nil ? .unknownBooking : .bookingNotActive, self.bookingProblem(booking, scan)))
      }
      guard let index = current.lines.firstIndex(where: { $0.isRental && $0.productID == productID }),
        current.lines[index].checkedOutQuantity - current.lines[index].returnedQuantity + quantity <= current.lines[index].quantity
      else { return Outcome(conflict: (.notOnBooking, "\(product.name) × \(quantity) is more than booking \(current.number) has left to go out")) }
      var level = try self.level(product, at: location)
      guard level.available >= quantity else {
        return Outcome(conflict: (.notRentable, "\(product.name): only \(level.available) available at \(location)"))
      }
      level.available -= quantity
      level.checkedOut += quantity
      try self.db.saveBulkStock(level)
      var changed = current
      changed.lines[index].checkedOutQuantity += quantity
      touched.change(changed)
      return Outcome()
    case .checkIn:
      let bookingID = scan.bookingID
      guard !bookingID.isEmpty, let current = try self.current(booking?.id ?? bookingID, touched),
        let index = current.lines.firstIndex(where: {
          $0.isRental && $0.productID == productID && $0.checkedOutQuantity - $0.returnedQuantity >= quantity
        })
      else { return Outcome(conflict: (.notCheckedOut, "\(product.name) × \(quantity) is not out on \(bookingID.isEmpty ? "a named booking" : bookingID)")) }
      // Out from wherever it went out; back to this location, by condition.
      var remaining = quantity
      for var row in try self.db.bulkStock(productID: productID) where remaining > 0 && row.checkedOut > 0 {
        let taken = min(row.checkedOut, remaining)
        row.checkedOut -= taken
        remaining -= taken
        try self.db.saveBulkStock(row)
      }
      // Units coming back are counted where they arrive; a new row starts empty (the uncounted
      // units are already counted: they went out).
      var level = try self.db.bulkStock(productID: productID, locationID: location)
        ?? StoredStockLevel(productID: productID, locationID: location)
      switch scan.condition {
      case .needsCheck: level.quarantine += quantity
      case .damaged: level.repair += quantity
      default: level.available += quantity
      }
      try self.db.saveBulkStock(level)
      var changed = current
      changed.lines[index].returnedQuantity += quantity
      touched.change(changed)
      return Outcome()
    default:
      // AUDIT and PREPARE of bulk stock are recorded, and change nothing.
      return Outcome()
    }
  }

  /// A product's bulk stock at a location; the first row for a product takes the units that no
  /// location has counted yet.
  private func level(_ product: StoredProduct, at location: String) throws -> StoredStockLevel {
    if let level = try self.db.bulkStock(productID: product.id, locationID: location) { return level }
    let counted = try self.db.bulkStock(productID: product.id).reduce(0) { $0 + $1.total }
    return StoredStockLevel(productID: product.id, locationID: location, available: max(0, product.bulkQuantity - counted))
  }

  // MARK: - Bookings

  /// The booking as changed so far by this scan, if it holds stock (CONFIRMED or out).
  private func active(_ booking: StoredBooking?, _ scan: Rentguy_Warehouse_V1_ScanRequest, _ touched: Touched) throws -> StoredBooking? {
    guard let booking, let current = try self.current(booking.id, touched) else { return nil }
    let state = BookingState(rawValue: current.status)
    return [.confirmed, .checkedOutPartially, .checkedOut].contains(state) ? current : nil
  }

  private func current(_ id: String, _ touched: Touched) throws -> StoredBooking? {
    if let booking = touched.bookings[id] { return booking }
    guard let booking = try self.db.booking(id) else { return nil }
    touched.bookings[id] = booking
    return booking
  }

  private func bookingProblem(_ booking: StoredBooking?, _ scan: Rentguy_Warehouse_V1_ScanRequest) -> String {
    guard let booking else { return "booking \(scan.bookingID) does not exist" }
    return "booking \(booking.number) is \(BookingState(rawValue: booking.status)?.name ?? "?"), not CONFIRMED or out"
  }

  /// The rental line with room for one more unit of `productID` (directly, or in a kit).
  private func line(for productID: String, in booking: StoredBooking) throws -> Int? {
    for (index, line) in booking.lines.enumerated() where line.isRental {
      let out = line.checkedOutQuantity - line.returnedQuantity
      if line.productID == productID, out < line.quantity { return index }
      if let kitID = line.kitID, let kit = try self.db.kit(kitID), let part = kit.components.first(where: { $0.productID == productID }),
        out < line.quantity * kit.components.reduce(0, { $0 + $1.quantity }), part.quantity > 0
      {
        return index
      }
    }
    return nil
  }

  /// Writes the bookings this scan changed and moves their status along
  /// (CONFIRMED → CHECKED_OUT_PARTIALLY → CHECKED_OUT → RETURNED), with events.
  private func settle(_ touched: Touched) throws {
    for id in touched.changed {
      guard var booking = touched.bookings[id] else { continue }
      try Self.store(&booking, self.db, self.mutation)
      touched.bookings[id] = booking
    }
  }

  /// Stores a booking whose line counts changed, moving its status along from the counts
  /// (nothing out: CONFIRMED; everything that went out is back: RETURNED; every unit out:
  /// CHECKED_OUT; else CHECKED_OUT_PARTIALLY), with an event when the status changed. Once
  /// RETURNED, nothing more goes out on the booking.
  static func store(_ booking: inout StoredBooking, _ db: any WarehouseDatabase, _ mutation: Mutation) throws {
    let units = try booking.lines.filter(\.isRental).reduce(0) { total, line in
      if let kitID = line.kitID, let kit = try db.kit(kitID) {
        return total + line.quantity * kit.components.reduce(0) { $0 + $1.quantity }
      }
      return total + line.quantity
    }
    let out = booking.lines.reduce(0) { $0 + $1.checkedOutQuantity }
    let back = booking.lines.reduce(0) { $0 + $1.returnedQuantity }
    let next: BookingState = out == 0 ? .confirmed : (back >= out ? .returned : (out >= units ? .checkedOut : .checkedOutPartially))
    let changedStatus = next.rawValue != booking.status
    booking.status = next.rawValue
    booking.updatedAt = mutation.now
    try db.updateBooking(booking, lines: true)
    booking.version += 1
    let event: Rentguy_Booking_V1_BookingEventType =
      switch next {
      case .checkedOutPartially: .checkedOutPartially
      case .checkedOut: .checkedOut
      case .returned: .returned
      default: .updated
      }
    if changedStatus { try mutation.event(event, booking, in: db) }
  }

  // MARK: - Storing

  private func store(
    _ scan: Rentguy_Warehouse_V1_ScanRequest, id: String, ack: Ack, location: String?, assets: [String], productID: String?,
    links: [(assetID: String, previousScanID: String?)] = []
  ) throws {
    try self.db.insertScan(
      StoredScan(
        id: id, deviceID: scan.deviceID, clientScanID: scan.clientScanID, deviceSequence: scan.deviceSequence,
        scannedAt: scan.hasScannedAt ? scan.scannedAt.milliseconds : self.mutation.now, receivedAt: self.mutation.now, barcode: scan.barcode,
        action: scan.action.rawValue, bookingID: scan.bookingID.isEmpty ? nil : scan.bookingID, locationID: location,
        quantity: max(1, Int(scan.quantity)), condition: scan.condition.rawValue, note: String(scan.note.prefix(2000)),
        result: ack.result.rawValue, reason: ack.reason.rawValue, assetIDs: assets, productID: productID,
        actorID: self.mutation.actorID, ack: try ack.serializedBytes()
      ),
      links: links
    )
  }

  static func status(after condition: Rentguy_Warehouse_V1_ItemCondition) -> Rentguy_Booking_V1_AssetStatus {
    switch condition {
    case .needsCheck: .quarantine
    case .damaged: .repair
    default: .available
    }
  }

  static func verb(_ action: Rentguy_Warehouse_V1_ScanAction) -> String {
    switch action {
    case .checkOut: "checked out"
    case .checkIn: "checked in"
    case .prepare: "prepared"
    case .audit: "seen"
    default: "scanned"
    }
  }

  static func name(_ status: Rentguy_Booking_V1_AssetStatus) -> String {
    switch status {
    case .available: "AVAILABLE"
    case .checkedOut: "CHECKED_OUT"
    case .quarantine: "in QUARANTINE"
    case .repair: "in REPAIR"
    case .lost: "LOST"
    case .retired: "RETIRED"
    default: "in an unknown state"
    }
  }
}
