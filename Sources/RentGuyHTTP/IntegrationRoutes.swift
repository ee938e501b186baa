public import Hummingbird

/// The REST shim's integration routes:
///
/// - `POST /webhooks/stripe`: a Stripe event (raw body checked against `Stripe-Signature`).
/// - `POST /webhooks/mollie`: Mollie's `id=tr_…` notification.
/// - `GET /integrations/status`: per provider whether it is configured, its queue and last
///   success and error (JSON; the runbook's status card).
/// - `GET /metrics/queues`: backlog and outcomes per job queue (JSON; next to Prometheus `/metrics`).
/// - `GET /payments/return`: where customers land after paying when a payment names no return URL.
///
/// What each does lives behind the closures (the services); this type only speaks HTTP: body
/// limits (413), content types, and the answers as given.
public struct IntegrationRoutes: Sendable {
  /// A handler's answer: HTTP status and JSON body.
  public typealias Answer = (status: Int, json: String)

  let stripe: @Sendable (_ body: [UInt8], _ signature: String?) async -> Answer
  let mollie: @Sendable (_ body: [UInt8]) async -> Answer
  let status: @Sendable () async -> Answer
  let queues: @Sendable () async -> Answer
  let maximumBody: Int

  public init(
    maximumBody: Int,
    stripe: @escaping @Sendable ([UInt8], String?) async -> Answer,
    mollie: @escaping @Sendable ([UInt8]) async -> Answer,
    status: @escaping @Sendable () async -> Answer,
    queues: @escaping @Sendable () async -> Answer
  ) {
    self.maximumBody = maximumBody
    self.stripe = stripe
    self.mollie = mollie
    self.status = status
    self.queues = queues
  }

  public func add<Context: RequestContext>(to router: Router<Context>) {
    router.post("webhooks/stripe") { request, _ in
      guard let body = try? await request.body.collect(upTo: self.maximumBody) else { return self.tooLarge() }
      let signature = request.headers.first { $0.name.canonicalName == "stripe-signature" }?.value
      return Self.json(await self.stripe(Array(buffer: body), signature))
    }
    router.post("webhooks/mollie") { request, _ in
      guard let body = try? await request.body.collect(upTo: self.maximumBody) else { return self.tooLarge() }
      return Self.json(await self.mollie(Array(buffer: body)))
    }
    router.get("integrations/status") { _, _ in Self.json(await self.status()) }
    router.get("metrics/queues") { _, _ in Self.json(await self.queues()) }
    router.get("payments/return") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: "<!doctype html><title>RentGuy</title><p>Thank you. Your payment is being processed.</p>\n"))
      )
    }
  }

  private func tooLarge() -> Response {
    Self.json((413, #"{"error": "the body is larger than \#(self.maximumBody) bytes"}"#))
  }

  static func json(_ answer: Answer) -> Response {
    Response(
      status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: answer.json + "\n"))
    )
  }
}
