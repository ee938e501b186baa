import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends the webhooks the providers would send (Stripe events, Mollie's `id=tr_…`) without holding
/// up the request that caused them, retrying failures with exponential backoff as the providers do.
///
/// ``enqueue(_:)`` may be called from anywhere; the deliveries happen inside ``run(client:)``,
/// which ``ProviderMock`` runs as a child task for as long as it serves.
final class WebhookSender: Sendable {
  /// How a delivery is signed.
  enum Signature: Sendable {
    /// Unsigned (Mollie's classic webhook).
    case unsigned
    /// `Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`, made fresh for each attempt.
    case stripe(secret: String)
  }

  /// One webhook to deliver.
  struct Delivery: Sendable {
    var url: String
    var body: Data
    var contentType: String
    var signature: Signature
    var maximumAttempts: Int
    /// What it is, for the log (`evt_… checkout.session.completed`).
    var label: String
  }

  private let stream: AsyncStream<[Delivery]>
  private let continuation: AsyncStream<[Delivery]>.Continuation
  private let firstRetryDelay: Duration
  private let logger: Logger

  init(firstRetryDelay: Duration, logger: Logger) {
    let (stream, continuation) = AsyncStream.makeStream(of: [Delivery].self)
    self.stream = stream
    self.continuation = continuation
    self.firstRetryDelay = firstRetryDelay
    self.logger = logger
  }

  /// Queues `deliveries`; they go out one after the other, in this order (so `…dispute.created`
  /// arrives before `…dispute.closed`), alongside other batches.
  func enqueue(_ deliveries: [Delivery]) {
    guard !deliveries.isEmpty else { return }
    self.continuation.yield(deliveries)
  }

  /// Delivers queued batches until the task is cancelled.
  func run(client: HTTPClient) async {
    await withDiscardingTaskGroup { group in
      for await batch in self.stream {
        group.addTask {
          for delivery in batch {
            await self.deliver(delivery, client: client)
          }
        }
      }
    }
  }

  private func deliver(_ delivery: Delivery, client: HTTPClient) async {
    var delay = self.firstRetryDelay
    let attempts = max(1, delivery.maximumAttempts)
    for attempt in 1...attempts {
      if Task.isCancelled { return }
      let outcome = await self.attempt(delivery, client: client)
      switch outcome {
      case .success(let status):
        self.logger.debug(
          "webhook delivered",
          metadata: ["webhook": "\(delivery.label)", "url": "\(delivery.url)", "status": "\(status)", "attempt": "\(attempt)"]
        )
        return
      case .failure(let reason):
        if attempt == attempts {
          self.logger.warning(
            "webhook dropped",
            metadata: ["webhook": "\(delivery.label)", "url": "\(delivery.url)", "reason": "\(reason)", "attempts": "\(attempt)"]
          )
          return
        }
        self.logger.info(
          "webhook failed, retrying",
          metadata: ["webhook": "\(delivery.label)", "url": "\(delivery.url)", "reason": "\(reason)", "attempt": "\(attempt)"]
        )
        do {
          try await Task.sleep(for: delay)
        } catch {
          return  // cancelled: the mock is stopping
        }
        delay *= 2
      }
    }
  }

  private enum Outcome {
    case success(Int)
    case failure(String)
  }

  private func attempt(_ delivery: Delivery, client: HTTPClient) async -> Outcome {
    var request = HTTPClientRequest(url: delivery.url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: delivery.contentType)
    request.headers.add(name: "User-Agent", value: "rentguy-provider-mock")
    if case .stripe(let secret) = delivery.signature {
      let timestamp = Int(Date().timeIntervalSince1970)
      request.headers.add(name: "Stripe-Signature", value: Self.stripeSignature(body: delivery.body, secret: secret, timestamp: timestamp))
    }
    request.body = .bytes(ByteBuffer(bytes: delivery.body))
    do {
      let response = try await client.execute(request, timeout: .seconds(15))
      _ = try? await response.body.collect(upTo: 1 << 20)
      let status = Int(response.status.code)
      return (200..<300).contains(status) ? .success(status) : .failure("HTTP \(status)")
    } catch {
      return .failure("\(error)")
    }
  }

  /// `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, as Stripe signs events.
  static func stripeSignature(body: Data, secret: String, timestamp: Int) -> String {
    var signed = Data("\(timestamp).".utf8)
    signed.append(body)
    let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
    return "t=\(timestamp),v1=\(Hex.encode(mac))"
  }
}
