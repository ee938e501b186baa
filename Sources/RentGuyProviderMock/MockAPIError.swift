/// A provider API request the mock refuses; each provider's routes render it in that provider's
/// error format (Stripe `{"error":{…}}`, Mollie `{"status","title","detail","field"}`).
struct MockAPIError: Error, Sendable {
  /// The HTTP status.
  var status: Int
  /// Stripe's error `type` (`invalid_request_error`, `api_error`, `idempotency_error`, …).
  var type: String
  /// Stripe's error `code` (`resource_missing`, `parameter_missing`, …), if any.
  var code: String?
  /// The human-readable message (Stripe `message`, Mollie `detail`).
  var message: String
  /// The offending parameter (Stripe `param`, Mollie `field`), if any.
  var param: String?

  init(status: Int, type: String = "invalid_request_error", code: String? = nil, message: String, param: String? = nil) {
    self.status = status
    self.type = type
    self.code = code
    self.message = message
    self.param = param
  }

  /// 400: a bad or missing parameter.
  static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> Self {
    Self(status: 400, code: code, message: message, param: param)
  }

  /// 400 `parameter_missing`.
  static func missing(_ param: String) -> Self {
    Self(status: 400, code: "parameter_missing", message: "Missing required param: \(param).", param: param)
  }

  /// 404 in Stripe's words: `No such checkout.session: 'cs_…'`.
  static func stripeMissing(_ object: String, _ id: String) -> Self {
    Self(status: 404, code: "resource_missing", message: "No such \(object): '\(id)'", param: "id")
  }

  /// 404 in Mollie's words: `No payment exists with token tr_….`.
  static func mollieMissing(_ resource: String, _ id: String) -> Self {
    Self(status: 404, message: "No \(resource) exists with token \(id).")
  }

  /// 422 in Mollie's words, with the offending `field`.
  static func unprocessable(_ message: String, field: String? = nil) -> Self {
    Self(status: 422, message: message, param: field)
  }
}
