import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Small helpers for the mock's routes: reading bodies, headers and building responses.
enum MockHTTP {
  /// The value of the header `name` (case-insensitive); repeated headers joined with ", ".
  static func header(_ request: Request, _ name: String) -> String? {
    let canonical = name.lowercased()
    let values = request.headers.filter { $0.name.canonicalName == canonical }.map(\.value)
    return values.isEmpty ? nil : values.joined(separator: ", ")
  }

  /// The request body, at most `limit` bytes; nil when larger (or unreadable).
  static func body(_ request: Request, limit: Int) async -> Data? {
    do {
      let buffer = try await request.body.collect(upTo: limit)
      return Data(buffer: buffer)
    } catch {
      return nil
    }
  }

  /// `HTTPResponse.Status` for a code (clamped to 100...599, with the usual reason phrase).
  static func status(_ code: Int) -> HTTPResponse.Status {
    switch code {
    case 200: .ok
    case 201: .created
    case 204: .noContent
    case 303: .seeOther
    case 400: .badRequest
    case 401: .unauthorized
    case 404: .notFound
    case 409: .conflict
    case 413: .contentTooLarge
    case 422: .unprocessableContent
    case 429: .tooManyRequests
    case 500: .internalServerError
    case 502: .badGateway
    case 503: .serviceUnavailable
    case 504: .gatewayTimeout
    default: HTTPResponse.Status(code: min(599, max(100, code)))
    }
  }

  /// A response with `body` and headers given by name (names that are not valid are skipped).
  static func response(status: Int, body: Data, contentType: String, headers: [String: String] = [:]) -> Response {
    var fields = HTTPFields()
    fields[.contentType] = contentType
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
      if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
    }
    return Response(status: Self.status(status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(data: body)))
  }

  /// A JSON response.
  static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> Response {
    Self.response(status: status, body: value.encoded(), contentType: contentType)
  }

  /// The mock's own error shape (control endpoints and checkout pages): `{"error":{"message":…}}`.
  static func mockError(_ error: MockAPIError) -> Response {
    var body: [String: JSONValue] = ["message": .string(error.message)]
    if let code = error.code { body["code"] = .string(code) }
    if let param = error.param { body["param"] = .string(param) }
    return Self.json(["error": .object(body)], status: error.status)
  }

  /// 400 in the mock's own error shape.
  static func badRequest(_ message: String) -> Response {
    Self.mockError(MockAPIError(status: 400, message: message))
  }

  /// An HTML page.
  static func html(_ html: String, status: Int = 200) -> Response {
    Self.response(status: status, body: Data(html.utf8), contentType: "text/html; charset=utf-8")
  }

  /// 303 See Other to `location`.
  static func redirect(to location: String) -> Response {
    var response = Self.response(status: 303, body: Data(), contentType: "text/plain")
    response.headers[.location] = location
    return response
  }

  /// Escapes text for HTML.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// A JSON object body for the control endpoints (empty body: `{}`); nil when not a JSON object.
  static func jsonObject(_ request: Request, limit: Int) async -> [String: JSONValue]? {
    guard let data = await Self.body(request, limit: limit) else { return nil }
    if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
    return JSONValue.decode(data)?.objectValue
  }

  /// The query string: names and values percent-decoded (`%24filter` → `$filter`); the last of a
  /// repeated name wins.
  static func query(_ request: Request) -> [String: String] {
    var query: [String: String] = [:]
    for (key, value) in request.uri.queryParameters {
      let name = String(key)
      query[name.removingPercentEncoding ?? name] = String(value)
    }
    return query
  }

  /// Fields sent as a form or as JSON (the pay endpoints accept both), plus the query string.
  static func fields(_ request: Request, limit: Int) async -> [String: String] {
    var fields: [String: String] = [:]
    for (key, value) in request.uri.queryParameters {
      fields[String(key)] = String(value)
    }
    guard let data = await Self.body(request, limit: limit), !data.isEmpty else { return fields }
    let contentType = Self.header(request, "content-type")?.lowercased() ?? ""
    if contentType.contains("json") {
      for (key, value) in JSONValue.decode(data)?.objectValue ?? [:] {
        if let text = value.stringValue { fields[key] = text } else if let number = value.intValue { fields[key] = String(number) }
      }
    } else {
      let form = FormFields(decoding: String(decoding: data, as: UTF8.self))
      for (key, node) in form.root {
        if case .value(let text) = node { fields[key] = text }
      }
    }
    return fields
  }

  /// Whether the caller wants JSON rather than a redirect (API callers, not the HTML form).
  static func wantsJSON(_ request: Request) -> Bool {
    let accept = Self.header(request, "accept")?.lowercased() ?? ""
    let contentType = Self.header(request, "content-type")?.lowercased() ?? ""
    if accept.contains("application/json") || contentType.contains("json") { return true }
    return !accept.contains("text/html")
  }
}
