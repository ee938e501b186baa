import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// The product fields `create` and `update` take.
struct ProductFieldOptions: ParsableArguments {
  @Option(help: "The product's name.") var name: String?
  @Option(help: "Unique stock-keeping code.") var sku: String?
  @Option(help: "A category, e.g. audio, light, cable.") var category: String?
  @Option(help: "A description.") var description: String?
  @Option(help: ArgumentHelp("Price per billable day excluding VAT, e.g. 25.00 or \"EUR 25.00\".", valueName: "amount")) var dayPrice: String?
  @Option(help: "VAT category (default standard).") var vat: VatArgument?
  @Option(help: ArgumentHelp("What the customer pays if it is lost, e.g. 450.00.", valueName: "amount")) var replacementValue: String?
  @Option(help: ArgumentHelp("Default preparation buffer before a booking, in hours.", valueName: "hours")) var preparationBuffer: Double?
  @Option(help: ArgumentHelp("Default return buffer after a booking, in hours.", valueName: "hours")) var returnBuffer: Double?
  @Option(help: "Bulk products: how many are owned and rentable.") var bulkQuantity: Int32?
  @Option(help: "Bulk products: the barcode that identifies the product.") var bulkBarcode: String?

  /// The product with the given fields set, and their mask paths.
  func product() throws -> (Rentguy_Booking_V1_Product, [String]) {
    var product = Rentguy_Booking_V1_Product()
    var paths: [String] = []
    if let name { product.name = name; paths.append("name") }
    if let sku { product.sku = sku; paths.append("sku") }
    if let category { product.category = category; paths.append("category") }
    if let description { product.description_p = description; paths.append("description") }
    if let dayPrice { product.dayPrice = try BookingFormat.money(parsing: dayPrice, option: "--day-price"); paths.append("day_price") }
    if let vat { product.vatCategory = vat.proto; paths.append("vat_category") }
    if let replacementValue {
      product.replacementValue = try BookingFormat.money(parsing: replacementValue, option: "--replacement-value")
      paths.append("replacement_value")
    }
    if let preparationBuffer {
      product.preparationBuffer = try BookingFormat.duration(hours: preparationBuffer, option: "--preparation-buffer")
      paths.append("preparation_buffer")
    }
    if let returnBuffer {
      product.returnBuffer = try BookingFormat.duration(hours: returnBuffer, option: "--return-buffer")
      paths.append("return_buffer")
    }
    if let bulkBarcode { product.bulkBarcode = bulkBarcode; paths.append("bulk_barcode") }
    if let bulkQuantity {
      guard bulkQuantity >= 0 else { throw ValidationError("--bulk-quantity must be 0 or more") }
      product.bulkQuantity = bulkQuantity
      paths.append("bulk_quantity")
    }
    return (product, paths)
  }
}

/// `rentguy products list|get|create|update|archive`.
struct ProductsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "products", abstract: "Products: what can be rented (serialized or bulk).",
    subcommands: [List.self, Get.self, Create.self, Update.self, Archive.self]
  )

  static func rows(_ products: [Rentguy_Booking_V1_Product]) -> [Row] {
    products.map { product in
      let row: Row = [
        ("id", product.id), ("sku", product.sku), ("name", product.name), ("kind", BookingFormat.name(product.stockKind)),
        ("category", product.category), ("day_price", BookingFormat.money(product.dayPrice)),
        ("vat", BookingFormat.name(product.vatCategory)), ("total", String(product.totalQuantity)),
        ("archived", BookingFormat.yesNo(product.archived)),
      ]
      return row
    }
  }

  /// A product with every field.
  static func detail(_ product: Rentguy_Booking_V1_Product) -> [Row] {
    let preparation = product.hasPreparationBuffer ? BookingFormat.hours(product.preparationBuffer) : ""
    let returning = product.hasReturnBuffer ? BookingFormat.hours(product.returnBuffer) : ""
    let more: Row = [
      ("description", product.description_p), ("replacement_value", BookingFormat.money(product.replacementValue)),
      ("preparation_buffer", preparation), ("return_buffer", returning), ("bulk_barcode", product.bulkBarcode),
      ("bulk_quantity", String(product.bulkQuantity)), ("version", String(product.version)),
    ]
    return [Self.rows([product])[0] + more]
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List products.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this category.") var category: String?
    @Option(help: "A part of the name or SKU.") var query: String?
    @Flag(help: "Include archived products.") var all = false

    func run() async throws {
      let (category, query, all, size, token) = (self.category, self.query, self.all, self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listProducts(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.category = category ?? ""
          $0.query = query ?? ""
          $0.includeArchived = all
        })
      }
      OutputPrinter(format: global.output).print(rows: ProductsCommand.rows(response.products))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a product.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The product's id (prd_…).") var id: String

    func run() async throws {
      let id = self.id
      let product = try await global.call { try await $0.booking.getProduct(.with { $0.productID = id }).product }
      OutputPrinter(format: global.output).print(rows: ProductsCommand.detail(product))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a product.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "How stock is counted: serialized (assets with barcodes) or bulk (a quantity).") var kind: StockKindArgument
    @OptionGroup var fields: ProductFieldOptions

    func validate() throws {
      guard fields.name != nil else { throw ValidationError("--name is required") }
      guard fields.dayPrice != nil else { throw ValidationError("--day-price is required") }
    }

    func run() async throws {
      var product = try self.fields.product().0
      product.stockKind = self.kind.proto
      let created = product
      let key = UUID().uuidString
      let result = try await global.call { client in
        try await client.booking.createProduct(.with {
          $0.idempotencyKey = key
          $0.product = created
        }).product
      }
      OutputPrinter(format: global.output).print(rows: ProductsCommand.detail(result))
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Change a product (only the options given).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The product's id (prd_…).") var id: String
    @OptionGroup var fields: ProductFieldOptions
    @Option(help: "Fail unless the product is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (fieldValues, paths) = try self.fields.product()
      guard !paths.isEmpty else { throw ValidationError("nothing to change: give at least one field option") }
      var product = fieldValues
      product.id = self.id
      let (changed, fields, version) = (product, paths, self.expectedVersion)
      let updated = try await global.call { client in
        try await client.booking.updateProduct(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.product = changed
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version
        }).product
      }
      OutputPrinter(format: global.output).print(rows: ProductsCommand.detail(updated))
    }
  }

  struct Archive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hide a product from new bookings (existing bookings keep it).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The product's id (prd_…).") var id: String

    func run() async throws {
      let id = self.id
      let product = try await global.call { client in
        try await client.booking.archiveProduct(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.productID = id
        }).product
      }
      OutputPrinter(format: global.output).print(rows: ProductsCommand.rows([product]))
    }
  }
}
