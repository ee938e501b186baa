import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Locations and stock per product and location.
extension WarehouseService {
  public func listLocations(
    request: Rentguy_Warehouse_V1_ListLocationsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_ListLocationsResponse {
    try await self.repository.read { db in
      let locations = try db.locations()
      return .with { $0.locations = locations.map(Rentguy_Warehouse_V1_Location.init) }
    }
  }

  public func createLocation(
    request: Rentguy_Warehouse_V1_CreateLocationRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_CreateLocationResponse {
    let name = request.name.trimmingCharacters(in: .whitespaces)
    guard (1...200).contains(name.count) else { throw BookingError.invalidArgument("name", "must have 1 to 200 characters") }
    switch request.kind {
    case .warehouse, .vehicle, .repairShop: break
    default: throw BookingError.invalidArgument("kind", "must be WAREHOUSE, VEHICLE or REPAIR_SHOP")
    }
    let location = StoredLocation(
      id: Identifier.make("loc"), name: name, kind: request.kind.rawValue, addressJSON: request.hasAddress ? try request.address.jsonString() : "{}"
    )
    let mutation = Mutation(method: Self.service + "CreateLocation", clientAddress: context.remotePeer)
    return try await self.repository.write { db in
      do { try db.insertLocation(location) } catch { throw BookingService.uniqueness(error, "a location named '\(name)' exists") }
      try mutation.audit(location.id, "created location \(name)", in: db)
      return try mutation.respond(.with { $0.location = Rentguy_Warehouse_V1_Location(location) })
    }
  }

  public func listStock(
    request: Rentguy_Warehouse_V1_ListStockRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_ListStockResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let after = try BookingService.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let found = try db.stockLevels(
        productID: request.productID.isEmpty ? nil : request.productID, locationID: request.locationID.isEmpty ? nil : request.locationID,
        after: after, limit: size + 1
      )
      let page = BookingService.page(found, size: size) { $0.productID + "|" + $0.locationID }
      return try .with {
        $0.levels = try page.items.map { Rentguy_Warehouse_V1_StockLevel($0, productName: try db.product($0.productID)?.name ?? "") }
        $0.nextPageToken = page.next
      }
    }
  }

  public func adjustBulkStock(
    request: Rentguy_Warehouse_V1_AdjustBulkStockRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_AdjustBulkStockResponse {
    let productID = try BookingService.required(request.productID, field: "product_id")
    let locationID = try BookingService.required(request.locationID, field: "location_id")
    let reason = request.reason.trimmingCharacters(in: .whitespaces)
    guard (1...2000).contains(reason.count) else { throw BookingError.invalidArgument("reason", "must have 1 to 2000 characters") }
    guard request.change != nil else { throw BookingError.invalidArgument("change", "set delta or recount") }
    let mutation = Mutation(method: Self.service + "AdjustBulkStock", clientAddress: context.remotePeer)
    return try await self.repository.write { db in
      guard var product = try db.product(productID), !product.isSerialized else {
        throw BookingError.invalidArgument("product_id", "'\(productID)' is not a bulk product")
      }
      guard try db.location(locationID) != nil else { throw BookingError.invalidArgument("location_id", "'\(locationID)' is not a location") }
      let counted = try db.bulkStock(productID: productID).reduce(0) { $0 + $1.total }
      var level = try db.bulkStock(productID: productID, locationID: locationID)
        ?? StoredStockLevel(productID: productID, locationID: locationID, available: max(0, product.bulkQuantity - counted))
      let delta: Int
      switch request.change {
      case .delta(let change):
        delta = Int(change)
      case .recount(let recount):
        guard recount.expectedAvailable == level.available else {
          throw BookingError(
            .aborted, "\(level.available) are available at \(locationID), not the \(recount.expectedAvailable) counted from: count again",
            reason: .versionMismatch
          )
        }
        guard recount.countedAvailable >= 0 else { throw BookingError.invalidArgument("recount.counted_available", "must not be negative") }
        delta = Int(recount.countedAvailable) - level.available
      case nil:
        delta = 0
      }
      guard level.available + delta >= 0 else {
        throw BookingError(.failedPrecondition, "only \(level.available) are available at \(locationID)", reason: .stateConflict)
      }
      level.available += delta
      try db.saveBulkStock(level)
      // The rentable total follows (availability counts it).
      product.bulkQuantity = max(0, product.bulkQuantity + delta)
      try db.updateProduct(product)
      try mutation.audit(productID, "\(delta >= 0 ? "+" : "")\(delta) available at \(locationID): \(reason)", in: db)
      return try mutation.respond(.with { $0.level = Rentguy_Warehouse_V1_StockLevel(level, productName: product.name) })
    }
  }
}
