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
    var request = HTTPClientRequest(url: self.baseURL + path)
    request.method = method
    request.headers.add(name: "Authorization", value: "Bearer \(self.apiKey)")
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
    let status = Int(response.status.code)
    let object = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any]
    if (200..<300).contains(status) {
      guard let object else {
        throw ProviderError(provider: self.provider, httpStatus: status, message: "the answer is not a JSON object", retryable: true)
      }
      return object
    }
    let message = object.flatMap(errorMessage) ?? response.status.reasonPhrase
    let retryable = status == 429 || status >= 500 || status == 408
    throw ProviderError(
      provider: self.provider, httpStatus: status, message: message, retryable: retryable,
      retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.retryAfter)
    )
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
