/// Stripe's request validation: known parameters, line items, metadata limits.
enum StripeValidation {
  static let checkoutSessionParameters: Set<String> = [
    "mode", "line_items", "success_url", "cancel_url", "client_reference_id", "metadata", "payment_intent_data",
    "expires_at", "customer", "customer_email", "customer_creation", "payment_method_types", "locale", "expand",
    "currency", "submit_type", "ui_mode", "billing_address_collection", "allow_promotion_codes",
  ]
  static let refundParameters: Set<String> = [
    "payment_intent", "charge", "amount", "metadata", "reason", "expand", "refund_application_fee", "reverse_transfer",
  ]

  static func rejectUnknown(_ form: FormFields, allowed: Set<String>) throws {
    if let unknown = form.root.keys.sorted().first(where: { !allowed.contains($0) }) {
      throw MockAPIError.invalid("Received unknown parameter: \(unknown)", param: unknown)
    }
  }

  static func lineItem(_ form: FormFields, index: String) throws -> (item: StripeRecords.LineItem, currency: String) {
    let base = "line_items[\(index)]"
    guard form.has("line_items", index, "price_data") else {
      if form.has("line_items", index, "price") {
        throw MockAPIError.invalid("The provider mock supports price_data line items only.", param: "\(base)[price]")
      }
      throw MockAPIError.missing("\(base)[price_data]")
    }
    guard let currency = form.string("line_items", index, "price_data", "currency")?.lowercased() else {
      throw MockAPIError.missing("\(base)[price_data][currency]")
    }
    guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
      throw MockAPIError.invalid("Invalid currency: \(currency)", param: "\(base)[price_data][currency]")
    }
    guard let amountText = form.string("line_items", index, "price_data", "unit_amount") else {
      throw MockAPIError.missing("\(base)[price_data][unit_amount]")
    }
    guard let unitAmount = Int(amountText), (0...99_999_999).contains(unitAmount) else {
      throw MockAPIError.invalid("Invalid non-negative integer", param: "\(base)[price_data][unit_amount]")
    }
    guard let name = form.string("line_items", index, "price_data", "product_data", "name"), !name.isEmpty else {
      throw MockAPIError.missing("\(base)[price_data][product_data][name]")
    }
    guard let quantityText = form.string("line_items", index, "quantity") else {
      throw MockAPIError.missing("\(base)[quantity]")
    }
    guard let quantity = Int(quantityText), (1...999_999).contains(quantity) else {
      throw MockAPIError.invalid("Invalid positive integer", param: "\(base)[quantity]")
    }
    return (StripeRecords.LineItem(name: name, unitAmount: unitAmount, quantity: quantity), currency)
  }

  /// Stripe's metadata limits: 50 keys, keys up to 40 and values up to 500 characters.
  static func metadata(_ metadata: [String: String], param: String) throws -> [String: String] {
    guard metadata.count <= 50 else {
      throw MockAPIError.invalid("Metadata can have at most 50 keys.", param: param)
    }
    for (key, value) in metadata {
      guard key.count <= 40 else {
        throw MockAPIError.invalid("Metadata keys can be at most 40 characters.", param: "\(param)[\(key)]")
      }
      guard value.count <= 500 else {
        throw MockAPIError.invalid("Metadata values can be at most 500 characters.", param: "\(param)[\(key)]")
      }
    }
    return metadata
  }
}
