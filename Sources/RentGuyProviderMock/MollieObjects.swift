import Foundation

/// Mollie's JSON (HAL) shapes for the mock's records.
enum MollieObjects {
  static let documentation: JSONValue = [
    "href": "https://docs.mollie.com/reference/v2/payments-api/get-payment", "type": "text/html",
  ]

  /// `{"value":"10.00","currency":"EUR"}` from cents.
  static func amount(_ cents: Int, _ currency: String) -> JSONValue {
    ["value": .string(Self.format(cents)), "currency": .string(currency)]
  }

  /// `1050` → `"10.50"`.
  static func format(_ cents: Int) -> String {
    let sign = cents < 0 ? "-" : ""
    let magnitude = cents.magnitude
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// `"10.50"` → `1050`; nil unless digits, a dot and exactly two decimals.
  static func parseValue(_ value: String) -> Int? {
    let parts = value.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].count == 2, (1...12).contains(parts[0].count),
      parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
      let whole = Int(parts[0]), let fraction = Int(parts[1])
    else { return nil }
    return whole * 100 + fraction
  }

  static func link(_ href: String, type: String = "application/hal+json") -> JSONValue {
    ["href": .string(href), "type": .string(type)]
  }

  static func date(_ date: Date?) -> JSONValue {
    .optional(date?.ISO8601Format())
  }

  static func payment(_ payment: MollieRecords.Payment, baseURL: String) -> JSONValue {
    var links: [String: JSONValue] = [
      "self": Self.link("\(baseURL)/v2/payments/\(payment.id)"),
      "dashboard": Self.link("\(baseURL)/checkout/mollie/\(payment.id)", type: "text/html"),
      "documentation": Self.documentation,
    ]
    if payment.status == "open" {
      links["checkout"] = Self.link("\(baseURL)/checkout/mollie/\(payment.id)", type: "text/html")
    }
    if !payment.refundIDs.isEmpty {
      links["refunds"] = Self.link("\(baseURL)/v2/payments/\(payment.id)/refunds")
    }
    if !payment.chargebackIDs.isEmpty {
      links["chargebacks"] = Self.link("\(baseURL)/v2/payments/\(payment.id)/chargebacks")
    }
    var object: [String: JSONValue] = [
      "resource": "payment",
      "id": .string(payment.id),
      "mode": "test",
      "createdAt": Self.date(payment.createdAt),
      "amount": Self.amount(payment.amount, payment.currency),
      "description": .string(payment.description),
      "method": .optional(payment.method),
      "metadata": payment.metadata,
      "status": .string(payment.status),
      "isCancelable": .bool(payment.isCancelable),
      "profileId": "pfl_mock",
      "sequenceType": "oneoff",
      "redirectUrl": .optional(payment.redirectURL),
      "webhookUrl": .optional(payment.webhookURL),
      "_links": .object(links),
    ]
    if payment.status == "open" || payment.status == "pending" {
      object["expiresAt"] = Self.date(payment.expiresAt)
    }
    if let paidAt = payment.paidAt {
      object["paidAt"] = Self.date(paidAt)
      object["amountRefunded"] = Self.amount(payment.amountRefunded, payment.currency)
      object["amountRemaining"] = Self.amount(payment.amountRemaining, payment.currency)
      object["settlementAmount"] = Self.amount(payment.amount, payment.currency)
    }
    if payment.amountChargedBack > 0 {
      object["amountChargedBack"] = Self.amount(payment.amountChargedBack, payment.currency)
    }
    if let authorizedAt = payment.authorizedAt { object["authorizedAt"] = Self.date(authorizedAt) }
    if let canceledAt = payment.canceledAt { object["canceledAt"] = Self.date(canceledAt) }
    if let expiredAt = payment.expiredAt { object["expiredAt"] = Self.date(expiredAt) }
    if let failedAt = payment.failedAt { object["failedAt"] = Self.date(failedAt) }
    return .object(object)
  }

  static func refund(_ refund: MollieRecords.Refund, baseURL: String) -> JSONValue {
    [
      "resource": "refund",
      "id": .string(refund.id),
      "mode": "test",
      "amount": Self.amount(refund.amount, refund.currency),
      "status": .string(refund.status),
      "createdAt": Self.date(refund.createdAt),
      "description": .string(refund.description),
      "metadata": refund.metadata,
      "paymentId": .string(refund.paymentID),
      "_links": [
        "self": Self.link("\(baseURL)/v2/payments/\(refund.paymentID)/refunds/\(refund.id)"),
        "payment": Self.link("\(baseURL)/v2/payments/\(refund.paymentID)"),
        "documentation": Self.documentation,
      ],
    ]
  }

  static func refundList(_ refunds: [MollieRecords.Refund], paymentID: String, baseURL: String) -> JSONValue {
    [
      "count": .int(refunds.count),
      "_embedded": ["refunds": .array(refunds.map { Self.refund($0, baseURL: baseURL) })],
      "_links": [
        "self": Self.link("\(baseURL)/v2/payments/\(paymentID)/refunds"),
        "previous": nil,
        "next": nil,
        "documentation": Self.documentation,
      ],
    ]
  }

  /// Mollie's error body (`application/hal+json`).
  static func error(_ error: MockAPIError) -> JSONValue {
    var body: [String: JSONValue] = [
      "status": .int(error.status),
      "title": .string(Self.title(error.status)),
      "detail": .string(error.message),
      "_links": ["documentation": ["href": "https://docs.mollie.com/overview/handling-errors", "type": "text/html"]],
    ]
    if let field = error.param { body["field"] = .string(field) }
    return .object(body)
  }

  static func title(_ status: Int) -> String {
    switch status {
    case 400: "Bad Request"
    case 401: "Unauthorized Request"
    case 404: "Not Found"
    case 409: "Conflict"
    case 413: "Request Entity Too Large"
    case 422: "Unprocessable Entity"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 504: "Gateway Timeout"
    default: "Error"
    }
  }
}
