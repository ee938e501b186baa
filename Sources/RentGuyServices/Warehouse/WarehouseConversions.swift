import Foundation
import RentGuyProto
import RentGuyStore
import SwiftProtobuf

extension Rentguy_Warehouse_V1_Scan {
  init(_ scan: StoredScan) {
    self.init()
    self.id = scan.id
    self.deviceID = scan.deviceID
    self.clientScanID = scan.clientScanID
    self.deviceSequence = scan.deviceSequence
    self.scannedAt = Google_Protobuf_Timestamp(milliseconds: scan.scannedAt)
    self.receivedAt = Google_Protobuf_Timestamp(milliseconds: scan.receivedAt)
    self.barcode = scan.barcode
    self.action = Rentguy_Warehouse_V1_ScanAction(rawValue: scan.action) ?? .unspecified
    self.bookingID = scan.bookingID ?? ""
    self.locationID = scan.locationID ?? ""
    self.quantity = Int32(scan.quantity)
    self.condition = Rentguy_Warehouse_V1_ItemCondition(rawValue: scan.condition) ?? .unspecified
    self.result = Rentguy_Warehouse_V1_ScanResult(rawValue: scan.result) ?? .unspecified
    self.reason = Rentguy_Warehouse_V1_ScanReason(rawValue: scan.reason) ?? .unspecified
    self.assetIds = scan.assetIDs
    self.productID = scan.productID ?? ""
    self.actor.id = scan.actorID
    self.note = scan.note
  }
}

extension Rentguy_Warehouse_V1_Conflict {
  init(_ conflict: StoredConflict, scan: StoredScan?) {
    self.init()
    self.id = conflict.id
    self.status = Rentguy_Warehouse_V1_ConflictStatus(rawValue: conflict.status) ?? .unspecified
    if let scan { self.scan = Rentguy_Warehouse_V1_Scan(scan) }
    self.reason = Rentguy_Warehouse_V1_ScanReason(rawValue: conflict.reason) ?? .unspecified
    self.message = conflict.message
    self.openedAt = Google_Protobuf_Timestamp(milliseconds: conflict.openedAt)
    if let resolved = conflict.resolvedAt { self.resolvedAt = Google_Protobuf_Timestamp(milliseconds: resolved) }
    if let by = conflict.resolvedBy { self.resolvedBy.id = by }
    self.resolutionNote = conflict.resolutionNote ?? ""
  }
}

extension Rentguy_Warehouse_V1_Location {
  init(_ location: StoredLocation) {
    self.init()
    self.id = location.id
    self.name = location.name
    self.kind = Rentguy_Warehouse_V1_LocationKind(rawValue: location.kind) ?? .unspecified
    if location.addressJSON != "{}" { self.address = (try? Rentguy_Common_V1_Address(jsonString: location.addressJSON)) ?? .init() }
  }
}

extension Rentguy_Warehouse_V1_StockLevel {
  init(_ level: StoredStockLevel, productName: String) {
    self.init()
    self.productID = level.productID
    self.productName = productName
    self.locationID = level.locationID
    self.available = Int32(level.available)
    self.checkedOut = Int32(level.checkedOut)
    self.quarantine = Int32(level.quarantine)
    self.repair = Int32(level.repair)
    self.total = Int32(level.total)
  }
}
