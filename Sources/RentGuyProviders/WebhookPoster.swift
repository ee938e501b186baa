public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs a signed Standard Webhooks delivery to a partner's URL and says how it went.
public struct WebhookPoster: Sendable {
  let client: HTTPClient
  public var timeout: Duration

  public init(client: HTTPClient, timeout: Duration = .seconds(10)) {
    self.client = client
    self.timeout = timeout
  }

  /// How an attempt went: the HTTP status (0: no answer) and, unless 2xx, what went wrong.
  public struct Outcome: Sendable {
    public var httpStatus: Int
    public var error: String
    public var duration: Duration
    public var delivered: Bool { (200..<300).contains(self.httpStatus) }
  }

  /// Sends `body` as `id` to `url`, signed with `secrets` at this moment.
  public func post(url: String, id: String, body: [UInt8], secrets: [String]) async -> Outcome {
    let started = ContinuousClock.now
    let timestamp = Int64(Date().timeIntervalSince1970)
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "User-Agent", value: "RentGuyCore-Webhooks/1.0")
    request.headers.add(name: "webhook-id", value: id)
    request.headers.add(name: "webhook-timestamp", value: String(timestamp))
    request.headers.add(name: "webhook-signature", value: StandardWebhookSignature.header(id: id, timestamp: timestamp, body: body, secrets: secrets))
    request.body = .bytes(ByteBuffer(bytes: body))
    do {
      let response = try await self.client.execute(request, timeout: TimeAmount(self.timeout))
      let answer = try await response.body.collect(upTo: 64 << 10)
      let status = Int(response.status.code)
      let text = (200..<300).contains(status) ? "" : "HTTP \(status): " + String(decoding: answer.readableBytesView.prefix(200), as: UTF8.self)
      return Outcome(httpStatus: status, error: text, duration: ContinuousClock.now - started)
    } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
      return Outcome(httpStatus: 0, error: "no answer within \(self.timeout)", duration: ContinuousClock.now - started)
    } catch {
      return Outcome(httpStatus: 0, error: "\(error)", duration: ContinuousClock.now - started)
    }
  }
}
