import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Conflicts: scans that did not fit, kept for a person to apply anyway or dismiss.
extension WarehouseService {
  public func listConflicts(
    request: Rentguy_Warehouse_V1_ListConflictsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_ListConflictsResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let after = try BookingService.pageStart(request.pageToken)
    let status: Int? = request.allStatuses ? nil : (request.status == .unspecified ? Rentguy_Warehouse_V1_ConflictStatus.open.rawValue : request.status.rawValue)
    return try await self.repository.read { db in
      let found = try db.conflicts(status: status, bookingID: request.bookingID.isEmpty ? nil : request.bookingID, after: after, limit: size + 1)
      let page = BookingService.page(found, size: size, id: \.id)
      return try .with {
        $0.conflicts = try page.items.map { try Rentguy_Warehouse_V1_Conflict($0, scan: db.scan(id: $0.scanID)) }
        $0.nextPageToken = page.next
      }
    }
  }

  public func resolveConflict(
    request: Rentguy_Warehouse_V1_ResolveConflictRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_ResolveConflictResponse {
    let id = try BookingService.required(request.conflictID, field: "conflict_id")
    let note = request.note.trimmingCharacters(in: .whitespaces)
    guard (1...2000).contains(note.count) else { throw BookingError.invalidArgument("note", "must have 1 to 2000 characters") }
    switch request.resolution {
    case .apply, .dismiss: break
    default: throw BookingError.invalidArgument("resolution", "must be APPLY or DISMISS")
    }
    let mutation = Mutation(method: Self.service + "ResolveConflict", clientAddress: context.remotePeer)
    let resolved = try await self.repository.write { db in
      guard var conflict = try db.conflict(id) else { throw BookingError.notFound("conflict", id) }
      guard conflict.status == Rentguy_Warehouse_V1_ConflictStatus.open.rawValue else {
        throw BookingError(.failedPrecondition, "conflict \(id) is resolved already", reason: .stateConflict)
      }
      guard let scan = try db.scan(id: conflict.scanID) else { throw BookingError.notFound("scan", conflict.scanID) }
      if request.resolution == .apply { try Self.force(scan, conflict: conflict, db, mutation) }
      conflict.status = (request.resolution == .apply ? Rentguy_Warehouse_V1_ConflictStatus.applied : .dismissed).rawValue
      conflict.resolvedAt = mutation.now
      conflict.resolvedBy = mutation.actorID
      conflict.resolutionNote = note
      try db.updateConflict(conflict)
      try mutation.audit(id, "\(request.resolution == .apply ? "applied" : "dismissed") scan \(scan.id) (\(scan.barcode)): \(note)", in: db)
      return try mutation.respond(Rentguy_Warehouse_V1_ResolveConflictResponse.with {
        $0.conflict = Rentguy_Warehouse_V1_Conflict(conflict, scan: scan)
        $0.conflict.resolvedBy.displayName = mutation.actorName
      })
    }
    if mutation.wroteEvents { self.feed.notify() }
    return resolved
  }

  /// Applies a conflicted scan's effect to its asset whatever the asset's state: a check-in
  /// makes it come back (by the scan's condition), a check-out sends it out on the scan's booking,
  /// an audit records where it was seen. Bulk conflicts are settled by a stock adjustment instead.
  private static func force(_ scan: StoredScan, conflict: StoredConflict, _ db: any WarehouseDatabase, _ mutation: Mutation) throws {
    guard let assetID = conflict.assetID, var asset = try db.asset(id: assetID) else {
      throw BookingError(
        .failedPrecondition, "a bulk scan cannot be applied by force: adjust the stock (AdjustBulkStock) and dismiss the conflict",
        reason: .stateConflict
      )
    }
    let action = Rentguy_Warehouse_V1_ScanAction(rawValue: scan.action) ?? .unspecified
    switch action {
    case .checkIn:
      let condition = Rentguy_Warehouse_V1_ItemCondition(rawValue: scan.condition) ?? .ok
      if let out = asset.bookingID, var booking = try db.booking(out), let lineID = try db.openLine(assetID: assetID),
        let index = booking.lines.firstIndex(where: { $0.id == lineID })
      {
        booking.lines[index].returnedQuantity += 1
        try ScanApplier.store(&booking, db, mutation)
      }
      try db.recordCheckIn(assetID: assetID, at: mutation.now)
      asset.status = ScanApplier.status(after: condition).rawValue
      asset.bookingID = nil
      if let location = scan.locationID { asset.locationID = location }
    case .checkOut:
      guard let bookingID = scan.bookingID, var booking = try db.booking(bookingID),
        let index = booking.lines.firstIndex(where: { $0.isRental && $0.productID == asset.productID })
      else {
        throw BookingError(
          .failedPrecondition, "the scan's booking has no line for this product: add one (AddBookingLines), then apply", reason: .stateConflict
        )
      }
      booking.lines[index].checkedOutQuantity += 1
      try ScanApplier.store(&booking, db, mutation)
      try db.recordCheckOut(lineID: booking.lines[index].id, assetID: assetID, at: mutation.now)
      asset.status = Rentguy_Booking_V1_AssetStatus.checkedOut.rawValue
      asset.bookingID = bookingID
    default:
      if let location = scan.locationID { asset.locationID = location }
    }
    asset.lastScannedAt = max(asset.lastScannedAt ?? 0, scan.scannedAt)
    try db.updateAsset(asset)
  }
}
