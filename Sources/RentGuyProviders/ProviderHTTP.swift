public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// One provider's HTTP API: a base URL, a bearer key, a timeout; sends a request and returns the
/// JSON object answered, or throws a classified ``ProviderError``.
public struct ProviderHTTP: Sendable {
  public var provider: String
  public var baseURL: String
  var apiKey: String
  public var timeout: Duration
  let client: HTTPClient

  /// - Parameter baseURL: e.g. "https://api.stripe.com" (no trailing slash).
  public init(provider: String, baseURL: String, apiKey: String, timeout: Duration = .seconds(15), client: HTTPClient) {
    self.provider = provider
    self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    self.apiKey = apiKey
    self.timeout = timeout
    self.client = client
  }

  /// The most an answer may hold.
  static let maximumBody = 4 << 20

  /// Sends `method path` with `body` of `contentType`; the decoded JSON object answered.
  /// `errorMessage` reads the provider's message out of an error body.
  func send(
    _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil, idempotencyKey: String? = nil,
    errorMessage: ([String: Any]) -> String?
  ) async throws(ProviderError) -> [String: Any] {
    let answer = try await self.perform(method, path, body: body, contentType: contentType, idempotencyKey: idempotencyKey)
    guard answer.succeeded else { throw self.failure(answer, errorMessage: errorMessage) }
    guard let object = answer.json as? [String: Any] else {
      throw ProviderError(provider: self.provider, httpStatus: answer.status, message: "the answer is not a JSON object", retryable: true)
    }
    return object
  }

  /// One answer as it came, whatever its status.
  struct Answer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// The status's reason phrase ("Not Found").
    var reason: String

    var succeeded: Bool { (200..<300).contains(self.status) }

    /// The body as JSON (an object or an array); nil when it is not JSON.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(buffer: self.body)) }

    /// The body as text (to match an error's wording).
    var text: String { String(decoding: self.body.readableBytesView, as: UTF8.self) }

    /// The first value of the header `name` (any case), without surrounding spaces.
    func header(_ name: String) -> String? {
      self.headers.first(name: name).map { $0.trimmingCharacters(in: .whitespaces) }
    }
  }

  /// Sends `method path` (the path may carry a query) and returns the answer whatever its status;
  /// throws only when there was no answer (a timeout, no connection). Without an API key no
  /// `Authorization` header is sent (an OAuth token endpoint).
  func perform(
    _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil, idempotencyKey: String? = nil
  ) async throws(ProviderError) -> Answer {
    var request = HTTPClientRequest(url: self.baseURL + path)
    request.method = method
    if !self.apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(self.apiKey)") }
    request.headers.add(name: "Accept", value: "application/json")
    request.headers.add(name: "User-Agent", value: "RentGuyCore/1.0")
    if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: String(idempotencyKey.prefix(255))) }
    if let body {
      if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
      request.body = .bytes(ByteBuffer(bytes: body))
    }
    let response: HTTPClientResponse
    let bytes: ByteBuffer
    do {
      response = try await self.client.execute(request, timeout: TimeAmount(self.timeout))
      bytes = try await response.body.collect(upTo: Self.maximumBody)
    } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
      throw ProviderError(provider: self.provider, httpStatus: nil, message: "no answer within \(self.timeout)", retryable: true)
    } catch {
      throw ProviderError(provider: self.provider, httpStatus: nil, message: "request failed: \(error)", retryable: true)
    }
    return Answer(status: Int(response.status.code), headers: response.headers, body: bytes, reason: response.status.reasonPhrase)
  }

  /// The classified error for an answer that is not 2xx: 408, 429 and 5xx may pass, any other
  /// status will not. `errorMessage` reads the provider's message out of the body.
  func failure(_ answer: Answer, errorMessage: ([String: Any]) -> String?) -> ProviderError {
    let message = (answer.json as? [String: Any]).flatMap(errorMessage) ?? answer.reason
    let retryable = answer.status == 429 || answer.status >= 500 || answer.status == 408
    return ProviderError(
      provider: self.provider, httpStatus: answer.status, message: message, retryable: retryable,
      retryAfter: answer.header("Retry-After").flatMap(Self.retryAfter)
    )
  }

  /// `path?key=value&…` with keys and values percent-encoded, except `$` (OData's `$filter`),
  /// `:` and `,` (Moneybird's `filter=state:all,reference:…`), which a query may hold as they are.
  /// Spaces become `%20`, `'` `%27`, `+` `%2B`.
  static func path(_ path: String, query: [(String, String)]) -> String {
    guard !query.isEmpty else { return path }
    return path + "?" + query.map { "\(Self.escapeQuery($0.0))=\(Self.escapeQuery($0.1))" }.joined(separator: "&")
  }

  static func escapeQuery(_ text: String) -> String {
    FormEncoding.escape(text).replacingOccurrences(of: "%24", with: "$").replacingOccurrences(of: "%3A", with: ":")
      .replacingOccurrences(of: "%2C", with: ",")
  }

  /// `Retry-After` as seconds (the HTTP-date form is read as "soon").
  static func retryAfter(_ value: String) -> Duration? {
    if let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds < 86_400 {
      return .milliseconds(Int64(seconds * 1000))
    }
    return value.isEmpty ? nil : .seconds(1)
  }
}

extension TimeAmount {
  /// `duration` as NIO's time amount (nanosecond precision).
  init(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}
