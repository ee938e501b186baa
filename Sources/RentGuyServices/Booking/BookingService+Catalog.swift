import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Products, kits, serialized assets and flight cases.
extension BookingService {
  // MARK: - Products

  public func createProduct(
    request: Rentguy_Booking_V1_CreateProductRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CreateProductResponse {
    let input = request.product
    var product = StoredProduct(
      id: Identifier.make("prd"), name: "", sku: "", stockKind: input.stockKind.rawValue, dayPriceMinor: 0, currency: self.configuration.currency
    )
    guard input.stockKind == .serialized || input.stockKind == .bulk else {
      throw BookingError.invalidArgument("product.stock_kind", "must be SERIALIZED or BULK")
    }
    try self.apply(input, paths: Self.productPaths, to: &product, field: "product")
    let created = product
    return try await self.mutate("CreateProduct", context) { db, mutation in
      if let barcode = created.bulkBarcode, try db.barcodeTaken(barcode) {
        throw BookingError(.alreadyExists, "the barcode '\(barcode)' is taken")
      }
      do { try db.insertProduct(created) } catch { throw Self.uniqueness(error, "a product with the SKU '\(created.sku)' exists") }
      try mutation.audit(created.id, "created product \(created.sku)", in: db)
      return try mutation.respond(.with { $0.product = Rentguy_Booking_V1_Product(created, total: try db.capacity(productID: created.id)) })
    }
  }

  static let productPaths: Set<String> = [
    "name", "sku", "category", "description", "day_price", "vat_category", "replacement_value", "preparation_buffer", "return_buffer",
    "bulk_barcode", "bulk_quantity",
  ]

  /// Copies the fields named by `paths` from `input`, validated.
  private func apply(_ input: Rentguy_Booking_V1_Product, paths: Set<String>, to product: inout StoredProduct, field: String) throws {
    if paths.contains("name") {
      product.name = input.name.trimmingCharacters(in: .whitespaces)
      guard (1...200).contains(product.name.count) else { throw BookingError.invalidArgument("\(field).name", "must have 1 to 200 characters") }
    }
    if paths.contains("sku") {
      product.sku = input.sku.trimmingCharacters(in: .whitespaces)
      guard (1...64).contains(product.sku.count) else { throw BookingError.invalidArgument("\(field).sku", "must have 1 to 64 characters") }
    }
    if paths.contains("category") { product.category = input.category }
    if paths.contains("description") { product.description = input.description_p }
    if paths.contains("day_price") { product.dayPriceMinor = try self.money(input.dayPrice, field: "\(field).day_price") }
    if paths.contains("vat_category") { product.vatCategory = try Self.vatCategory(input.vatCategory, field: "\(field).vat_category").rawValue }
    if paths.contains("replacement_value") {
      product.replacementValueMinor = try self.money(input.replacementValue, field: "\(field).replacement_value")
    }
    for (path, value) in [("preparation_buffer", input.preparationBuffer), ("return_buffer", input.returnBuffer)] where paths.contains(path) {
      let milliseconds = value.milliseconds
      guard (0...(366 * 86_400_000)).contains(milliseconds) else { throw BookingError.invalidArgument("\(field).\(path)", "must be 0 to 366 days") }
      if path == "preparation_buffer" { product.preparationBufferMs = milliseconds } else { product.returnBufferMs = milliseconds }
    }
    if paths.contains("bulk_barcode") { product.bulkBarcode = input.bulkBarcode.isEmpty ? nil : input.bulkBarcode }
    if paths.contains("bulk_quantity") {
      guard input.bulkQuantity >= 0 else { throw BookingError.invalidArgument("\(field).bulk_quantity", "must not be negative") }
      guard product.stockKind == 2 || input.bulkQuantity == 0 else {
        throw BookingError.invalidArgument("\(field).bulk_quantity", "is for bulk products (serialized stock is its assets)")
      }
      product.bulkQuantity = Int(input.bulkQuantity)
    }
  }

  public func getProduct(
    request: Rentguy_Booking_V1_GetProductRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_GetProductResponse {
    let id = try Self.required(request.productID, field: "product_id")
    return try await self.repository.read { db in
      guard let product = try db.product(id) else { throw BookingError.notFound("product", id) }
      return .with { $0.product = Rentguy_Booking_V1_Product(product, total: (try? db.capacity(productID: id)) ?? 0) }
    }
  }

  public func listProducts(
    request: Rentguy_Booking_V1_ListProductsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListProductsResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let found = try db.products(
        category: request.category.isEmpty ? nil : request.category, query: request.query.isEmpty ? nil : request.query,
        includeArchived: request.includeArchived, after: after, limit: size + 1
      )
      let page = Self.page(found, size: size, id: \.id)
      return try .with {
        $0.products = try page.items.map { Rentguy_Booking_V1_Product($0, total: try db.capacity(productID: $0.id)) }
        $0.nextPageToken = page.next
      }
    }
  }

  public func updateProduct(
    request: Rentguy_Booking_V1_UpdateProductRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UpdateProductResponse {
    let id = try Self.required(request.product.id, field: "product.id")
    let paths = try Self.mask(request.updateMask.paths, allowed: Self.productPaths)
    let input = request.product
    let expected = request.expectedVersion
    return try await self.mutate("UpdateProduct", context) { db, mutation in
      guard var product = try db.product(id) else { throw BookingError.notFound("product", id) }
      guard expected == 0 || expected == product.version else {
        throw BookingError.versionMismatch("product", id, is: product.version, expected: expected)
      }
      let barcode = product.bulkBarcode
      try self.apply(input, paths: paths, to: &product, field: "product")
      if let new = product.bulkBarcode, new != barcode, try db.barcodeTaken(new) { throw BookingError(.alreadyExists, "the barcode '\(new)' is taken") }
      do { try db.updateProduct(product) } catch { throw Self.uniqueness(error, "a product with the SKU '\(product.sku)' exists") }
      product.version += 1
      try mutation.audit(id, "changed \(paths.sorted().joined(separator: ", "))", in: db)
      return try mutation.respond(.with { $0.product = Rentguy_Booking_V1_Product(product, total: try db.capacity(productID: id)) })
    }
  }

  public func archiveProduct(
    request: Rentguy_Booking_V1_ArchiveProductRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ArchiveProductResponse {
    let id = try Self.required(request.productID, field: "product_id")
    return try await self.mutate("ArchiveProduct", context) { db, mutation in
      guard var product = try db.product(id) else { throw BookingError.notFound("product", id) }
      if !product.archived {
        product.archived = true
        try db.updateProduct(product)
        product.version += 1
        try mutation.audit(id, "archived product \(product.sku)", in: db)
      }
      return try mutation.respond(.with { $0.product = Rentguy_Booking_V1_Product(product, total: try db.capacity(productID: id)) })
    }
  }

  // MARK: - Kits

  static let kitPaths: Set<String> = ["name", "components", "day_price", "vat_category"]

  private func apply(_ input: Rentguy_Booking_V1_Kit, paths: Set<String>, to kit: inout StoredKit, in db: any BookingDatabase) throws {
    if paths.contains("name") {
      kit.name = input.name.trimmingCharacters(in: .whitespaces)
      guard (1...200).contains(kit.name.count) else { throw BookingError.invalidArgument("kit.name", "must have 1 to 200 characters") }
    }
    if paths.contains("components") {
      guard !input.components.isEmpty else { throw BookingError.invalidArgument("kit.components", "must name at least one product") }
      var seen = Set<String>()
      for (index, component) in input.components.enumerated() {
        guard component.quantity > 0 else { throw BookingError.invalidArgument("kit.components[\(index)].quantity", "must be at least 1") }
        guard seen.insert(component.productID).inserted else {
          throw BookingError.invalidArgument("kit.components[\(index)].product_id", "is named twice")
        }
        guard let product = try db.product(component.productID), !product.archived else {
          throw BookingError.invalidArgument("kit.components[\(index)].product_id", "'\(component.productID)' is not an active product")
        }
      }
      kit.components = input.components.map { StoredKitComponent(productID: $0.productID, quantity: Int($0.quantity)) }
    }
    if paths.contains("day_price") { kit.dayPriceMinor = try self.money(input.dayPrice, field: "kit.day_price") }
    if paths.contains("vat_category") { kit.vatCategory = try Self.vatCategory(input.vatCategory, field: "kit.vat_category").rawValue }
  }

  public func createKit(
    request: Rentguy_Booking_V1_CreateKitRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CreateKitResponse {
    let input = request.kit
    let currency = self.configuration.currency
    return try await self.mutate("CreateKit", context) { db, mutation in
      var kit = StoredKit(id: Identifier.make("kit"), name: "", components: [], dayPriceMinor: 0, currency: currency)
      try self.apply(input, paths: Self.kitPaths, to: &kit, in: db)
      do { try db.insertKit(kit) } catch { throw Self.uniqueness(error, "a kit named '\(kit.name)' exists") }
      try mutation.audit(kit.id, "created kit \(kit.name)", in: db)
      return try mutation.respond(.with { $0.kit = Rentguy_Booking_V1_Kit(kit) })
    }
  }

  public func getKit(request: Rentguy_Booking_V1_GetKitRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_GetKitResponse {
    let id = try Self.required(request.kitID, field: "kit_id")
    return try await self.repository.read { db in
      guard let kit = try db.kit(id) else { throw BookingError.notFound("kit", id) }
      return .with { $0.kit = Rentguy_Booking_V1_Kit(kit) }
    }
  }

  public func listKits(request: Rentguy_Booking_V1_ListKitsRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_ListKitsResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let page = Self.page(try db.kits(includeArchived: request.includeArchived, after: after, limit: size + 1), size: size, id: \.id)
      return .with {
        $0.kits = page.items.map(Rentguy_Booking_V1_Kit.init)
        $0.nextPageToken = page.next
      }
    }
  }

  public func updateKit(request: Rentguy_Booking_V1_UpdateKitRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_UpdateKitResponse {
    let id = try Self.required(request.kit.id, field: "kit.id")
    let paths = try Self.mask(request.updateMask.paths, allowed: Self.kitPaths)
    let (input, expected) = (request.kit, request.expectedVersion)
    return try await self.mutate("UpdateKit", context) { db, mutation in
      guard var kit = try db.kit(id) else { throw BookingError.notFound("kit", id) }
      guard expected == 0 || expected == kit.version else { throw BookingError.versionMismatch("kit", id, is: kit.version, expected: expected) }
      try self.apply(input, paths: paths, to: &kit, in: db)
      do { try db.updateKit(kit) } catch { throw Self.uniqueness(error, "a kit named '\(kit.name)' exists") }
      kit.version += 1
      try mutation.audit(id, "changed \(paths.sorted().joined(separator: ", "))", in: db)
      return try mutation.respond(.with { $0.kit = Rentguy_Booking_V1_Kit(kit) })
    }
  }

  public func archiveKit(
    request: Rentguy_Booking_V1_ArchiveKitRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ArchiveKitResponse {
    let id = try Self.required(request.kitID, field: "kit_id")
    return try await self.mutate("ArchiveKit", context) { db, mutation in
      guard var kit = try db.kit(id) else { throw BookingError.notFound("kit", id) }
      if !kit.archived {
        kit.archived = true
        try db.updateKit(kit)
        kit.version += 1
        try mutation.audit(id, "archived kit \(kit.name)", in: db)
      }
      return try mutation.respond(.with { $0.kit = Rentguy_Booking_V1_Kit(kit) })
    }
  }

  // MARK: - Assets

  public func createAsset(
    request: Rentguy_Booking_V1_CreateAssetRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CreateAssetResponse {
    let productID = try Self.required(request.productID, field: "product_id")
    let barcode = try Self.barcode(request.barcode, field: "barcode")
    return try await self.mutate("CreateAsset", context) { db, mutation in
      guard let product = try db.product(productID) else { throw BookingError.invalidArgument("product_id", "'\(productID)' is not a product") }
      guard product.isSerialized else { throw BookingError.invalidArgument("product_id", "'\(product.sku)' is a bulk product: it has no assets") }
      guard try !db.barcodeTaken(barcode) else { throw BookingError(.alreadyExists, "the barcode '\(barcode)' is taken") }
      let asset = StoredAsset(
        id: Identifier.make("ast"), productID: productID, barcode: barcode, serialNumber: request.serialNumber,
        locationID: request.locationID.isEmpty ? nil : request.locationID, notes: request.notes
      )
      do { try db.insertAsset(asset) } catch { throw Self.uniqueness(error, "the location '\(request.locationID)' does not exist") }
      try mutation.audit(asset.id, "registered asset \(barcode) of \(product.sku)", in: db)
      return try mutation.respond(.with { $0.asset = Rentguy_Booking_V1_Asset(asset) })
    }
  }

  public func getAsset(request: Rentguy_Booking_V1_GetAssetRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_GetAssetResponse {
    return try await self.repository.read { db in
      let asset: StoredAsset?
      switch request.key {
      case .assetID(let id): asset = try db.asset(id: id)
      case .barcode(let barcode): asset = try db.asset(barcode: barcode)
      case nil: throw BookingError.invalidArgument("key", "set asset_id or barcode")
      }
      guard let asset else { throw BookingError(.notFound, "no such asset") }
      return .with { $0.asset = Rentguy_Booking_V1_Asset(asset) }
    }
  }

  public func listAssets(
    request: Rentguy_Booking_V1_ListAssetsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListAssetsResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let found = try db.assets(
        productID: request.productID.isEmpty ? nil : request.productID, status: request.status == .unspecified ? nil : request.status.rawValue,
        locationID: request.locationID.isEmpty ? nil : request.locationID, bookingID: request.bookingID.isEmpty ? nil : request.bookingID,
        after: after, limit: size + 1
      )
      let page = Self.page(found, size: size, id: \.id)
      return .with {
        $0.assets = page.items.map(Rentguy_Booking_V1_Asset.init)
        $0.nextPageToken = page.next
      }
    }
  }

  public func updateAsset(
    request: Rentguy_Booking_V1_UpdateAssetRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UpdateAssetResponse {
    let id = try Self.required(request.asset.id, field: "asset.id")
    let paths = try Self.mask(request.updateMask.paths, allowed: ["status", "location_id", "serial_number", "notes"])
    let (input, expected) = (request.asset, request.expectedVersion)
    if paths.contains("status") {
      guard ![.unspecified, .checkedOut].contains(input.status), case .some = AssetStatusCheck(input.status) else {
        throw BookingError.invalidArgument("asset.status", "must be AVAILABLE, QUARANTINE, REPAIR, LOST or RETIRED (scans check out)")
      }
    }
    return try await self.mutate("UpdateAsset", context) { db, mutation in
      guard var asset = try db.asset(id: id) else { throw BookingError.notFound("asset", id) }
      guard expected == 0 || expected == asset.version else { throw BookingError.versionMismatch("asset", id, is: asset.version, expected: expected) }
      if paths.contains("status") {
        guard asset.status != Rentguy_Booking_V1_AssetStatus.checkedOut.rawValue else {
          throw BookingError(.failedPrecondition, "asset \(asset.barcode) is CHECKED_OUT: check it in by scanning first", reason: .stateConflict)
        }
        asset.status = input.status.rawValue
      }
      if paths.contains("location_id") { asset.locationID = input.locationID.isEmpty ? nil : input.locationID }
      if paths.contains("serial_number") { asset.serialNumber = input.serialNumber }
      if paths.contains("notes") { asset.notes = input.notes }
      do { try db.updateAsset(asset) } catch { throw Self.uniqueness(error, "the location '\(input.locationID)' does not exist") }
      asset.version += 1
      try mutation.audit(id, "changed \(paths.sorted().joined(separator: ", "))", in: db)
      return try mutation.respond(.with { $0.asset = Rentguy_Booking_V1_Asset(asset) })
    }
  }

  // MARK: - Cases

  public func createCase(
    request: Rentguy_Booking_V1_CreateCaseRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CreateCaseResponse {
    let barcode = try Self.barcode(request.barcode, field: "barcode")
    let name = request.name.trimmingCharacters(in: .whitespaces)
    guard (1...200).contains(name.count) else { throw BookingError.invalidArgument("name", "must have 1 to 200 characters") }
    return try await self.mutate("CreateCase", context) { db, mutation in
      guard try !db.barcodeTaken(barcode) else { throw BookingError(.alreadyExists, "the barcode '\(barcode)' is taken") }
      let flightCase = StoredCase(id: Identifier.make("cas"), name: name, barcode: barcode, assetIDs: try Self.packable(request.assetIds, caseID: nil, db))
      try db.insertCase(flightCase)
      try mutation.audit(flightCase.id, "created case \(barcode) with \(flightCase.assetIDs.count) assets", in: db)
      return try mutation.respond(.with { $0.flightCase = Rentguy_Booking_V1_Case(flightCase) })
    }
  }

  /// Validates the assets to put in a case: they exist, are in no other case and not out.
  private static func packable(_ ids: [String], caseID: String?, _ db: any BookingDatabase) throws -> [String] {
    var seen = Set<String>()
    for (index, id) in ids.enumerated() {
      guard seen.insert(id).inserted else { throw BookingError.invalidArgument("asset_ids[\(index)]", "is named twice") }
      guard let asset = try db.asset(id: id) else { throw BookingError.invalidArgument("asset_ids[\(index)]", "'\(id)' is not an asset") }
      if let other = asset.caseID, other != caseID {
        throw BookingError(.failedPrecondition, "asset \(asset.barcode) is in case \(other) already", reason: .stateConflict)
      }
    }
    return ids.sorted()
  }

  public func getCase(request: Rentguy_Booking_V1_GetCaseRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_GetCaseResponse {
    return try await self.repository.read { db in
      let flightCase: StoredCase?
      switch request.key {
      case .caseID(let id): flightCase = try db.flightCase(id: id)
      case .barcode(let barcode): flightCase = try db.flightCase(barcode: barcode)
      case nil: throw BookingError.invalidArgument("key", "set case_id or barcode")
      }
      guard let flightCase else { throw BookingError(.notFound, "no such case") }
      return .with { $0.flightCase = Rentguy_Booking_V1_Case(flightCase) }
    }
  }

  public func listCases(request: Rentguy_Booking_V1_ListCasesRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_ListCasesResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let page = Self.page(try db.flightCases(after: after, limit: size + 1), size: size, id: \.id)
      return .with {
        $0.cases = page.items.map(Rentguy_Booking_V1_Case.init)
        $0.nextPageToken = page.next
      }
    }
  }

  public func updateCaseContents(
    request: Rentguy_Booking_V1_UpdateCaseContentsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UpdateCaseContentsResponse {
    let id = try Self.required(request.caseID, field: "case_id")
    let expected = request.expectedVersion
    return try await self.mutate("UpdateCaseContents", context) { db, mutation in
      guard var flightCase = try db.flightCase(id: id) else { throw BookingError.notFound("case", id) }
      guard expected == 0 || expected == flightCase.version else {
        throw BookingError.versionMismatch("case", id, is: flightCase.version, expected: expected)
      }
      for asset in flightCase.assetIDs {
        if try db.asset(id: asset)?.status == Rentguy_Booking_V1_AssetStatus.checkedOut.rawValue {
          throw BookingError(.failedPrecondition, "case \(flightCase.barcode) is checked out: its contents cannot change now", reason: .stateConflict)
        }
      }
      flightCase.assetIDs = try Self.packable(request.assetIds, caseID: id, db)
      try db.updateCase(flightCase)
      flightCase.version += 1
      try mutation.audit(id, "case now holds \(flightCase.assetIDs.count) assets", in: db)
      return try mutation.respond(.with { $0.flightCase = Rentguy_Booking_V1_Case(flightCase) })
    }
  }

  // MARK: - Shared checks

  /// Mask paths, each one allowed; at least one.
  static func mask(_ paths: [String], allowed: Set<String>) throws -> Set<String> {
    guard !paths.isEmpty else { throw BookingError.invalidArgument("update_mask", "must name the fields to change") }
    for (index, path) in paths.enumerated() where !allowed.contains(path) {
      throw BookingError.invalidArgument("update_mask.paths[\(index)]", "'\(path)' cannot be changed (only \(allowed.sorted().joined(separator: ", ")))")
    }
    return Set(paths)
  }

  /// A scannable barcode: 1 to 64 printable ASCII characters without spaces.
  static func barcode(_ text: String, field: String) throws -> String {
    guard (1...64).contains(text.utf8.count), text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      throw BookingError.invalidArgument(field, "must be 1 to 64 printable ASCII characters without spaces")
    }
    return text
  }

  /// A store conflict (a unique value taken) as ALREADY_EXISTS, a missing reference as
  /// INVALID_ARGUMENT, both with `message`.
  static func uniqueness(_ error: any Error, _ message: String) -> any Error {
    guard let error = error as? StoreError else { return error }
    if error.code == .conflict { return BookingError(.alreadyExists, message) }
    if error.code == .invalidArgument { return BookingError(.invalidArgument, message) }
    return error
  }

  /// A VAT category; unspecified is standard.
  static func vatCategory(_ category: Rentguy_Booking_V1_VatCategory, field: String) throws -> VATCategory {
    if category == .unspecified { return .standard }
    guard let known = VATCategory(rawValue: category.rawValue) else { throw BookingError.invalidArgument(field, "is not a VAT category") }
    return known
  }
}

/// An asset status the contract defines (not an unknown number).
private func AssetStatusCheck(_ status: Rentguy_Booking_V1_AssetStatus) -> Rentguy_Booking_V1_AssetStatus? {
  if case .UNRECOGNIZED = status { return nil }
  return status
}
