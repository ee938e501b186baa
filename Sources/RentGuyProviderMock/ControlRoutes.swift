import Foundation
import Hummingbird

/// The test controls under `/mock/…`: health, faults, the request log, refund statuses, and the
/// provider-side events a test triggers (settling async payments, disputes, chargebacks, resends).
struct ControlRoutes: Sendable {
  let state: MockState
  let faults: FaultInjector
  let log: RequestLog
  let maximumBodySize: Int

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let faults = self.faults
    let log = self.log
    let limit = self.maximumBodySize

    router.get("/mock/health") { _, _ in MockHTTP.json(["status": "ok"]) }

    // Faults
    router.post("/mock/faults") { request, _ in
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected a JSON object.")
      }
      guard let provider = Self.provider(body["provider"]) else {
        return MockHTTP.badRequest("provider must be stripe, mollie, moneybird or exact.")
      }
      let retryAfter = body["retry_after"]?.intValue ?? 1
      guard let name = body["fault"]?.stringValue, let fault = SimulatedFault(name: name, retryAfter: retryAfter) else {
        return MockHTTP.badRequest("fault must be rate-limit, server-error or timeout.")
      }
      let count = body["count"]?.intValue ?? 1
      guard (1...10_000).contains(count) else { return MockHTTP.badRequest("count must be between 1 and 10000.") }
      await faults.arm(fault, count: count, for: provider)
      return MockHTTP.json(await faults.snapshot(), status: 201)
    }
    router.get("/mock/faults") { _, _ in MockHTTP.json(await faults.snapshot()) }
    router.delete("/mock/faults") { _, _ in
      await faults.clear()
      return MockHTTP.json(await faults.snapshot())
    }

    // Request log
    router.get("/mock/requests") { request, _ in
      var provider: MockProvider?
      if let name = request.uri.queryParameters["provider"] {
        guard let parsed = MockProvider(rawValue: String(name)) else {
          return MockHTTP.badRequest("provider must be stripe, mollie, moneybird or exact.")
        }
        provider = parsed
      }
      return MockHTTP.json(await log.snapshot(provider: provider))
    }
    router.delete("/mock/requests") { _, _ in
      await log.clear()
      return MockHTTP.json(["requests": []])
    }

    // Refund statuses
    router.post("/mock/refund-status") { request, _ in
      guard let body = await MockHTTP.jsonObject(request, limit: limit),
        let provider = Self.provider(body["provider"]),
        provider == .stripe || provider == .mollie
      else {
        return MockHTTP.badRequest("Expected {\"provider\": \"stripe\"|\"mollie\", \"status\": …, \"count\": N}.")
      }
      let allowed = provider == .stripe ? ["pending", "failed", "succeeded"] : ["pending", "queued", "failed", "refunded"]
      guard let status = body["status"]?.stringValue, allowed.contains(status) else {
        return MockHTTP.badRequest("status must be one of \(allowed.joined(separator: ", ")).")
      }
      let count = body["count"]?.intValue ?? 1
      await state.armRefundStatus(status, count: count, for: provider)
      return MockHTTP.json(["provider": .string(provider.rawValue), "status": .string(status), "count": .int(count)], status: 201)
    }

    // Stripe: what happens on Stripe's side
    router.post("/mock/stripe/payment_intents/:id/settle") { request, context in
      let id = context.parameters.get("id") ?? ""
      let outcome = await MockHTTP.jsonObject(request, limit: limit)?["outcome"]?.stringValue ?? "succeeded"
      return await Self.run { try await state.settlePaymentIntent(id, outcome: outcome) }
    }
    router.post("/mock/stripe/payment_intents/:id/dispute") { request, context in
      let id = context.parameters.get("id") ?? ""
      let outcome = await MockHTTP.jsonObject(request, limit: limit)?["outcome"]?.stringValue ?? "lost"
      return await Self.run { try await state.disputePaymentIntent(id, outcome: outcome) }
    }
    router.post("/mock/stripe/refunds/:id/settle") { request, context in
      let id = context.parameters.get("id") ?? ""
      let outcome = await MockHTTP.jsonObject(request, limit: limit)?["outcome"]?.stringValue ?? "succeeded"
      return await Self.run { try await state.settleRefund(id, outcome: outcome) }
    }
    router.post("/mock/stripe/events") { request, _ in
      guard let body = await MockHTTP.jsonObject(request, limit: limit),
        let type = body["type"]?.stringValue, let objectID = body["object_id"]?.stringValue
      else {
        return MockHTTP.badRequest("Expected {\"type\": \"…\", \"object_id\": \"…\"}.")
      }
      return await Self.run(status: 201) { try await state.resendEvent(type: type, objectID: objectID) }
    }

    // Mollie: what happens on Mollie's side
    router.post("/mock/mollie/payments/:id/settle") { request, context in
      let id = context.parameters.get("id") ?? ""
      let outcome = await MockHTTP.jsonObject(request, limit: limit)?["outcome"]?.stringValue ?? "paid"
      return await Self.run {
        try await state.applyPaymentOutcome(id, outcome: outcome, allowedFrom: ["open", "pending", "authorized"])
      }
    }
    router.post("/mock/mollie/payments/:id/chargeback") { request, context in
      let id = context.parameters.get("id") ?? ""
      let body = await MockHTTP.jsonObject(request, limit: limit)
      let amount = body?["amount"]?.stringValue ?? body?["amount"]?["value"]?.stringValue
      return await Self.run { try await state.chargeBack(id, amount: amount) }
    }
    router.post("/mock/mollie/payments/:id/refunds/:refundID/settle") { request, context in
      let id = context.parameters.get("id") ?? ""
      let refundID = context.parameters.get("refundID") ?? ""
      let outcome = await MockHTTP.jsonObject(request, limit: limit)?["outcome"]?.stringValue ?? "refunded"
      return await Self.run { try await state.settleMollieRefund(paymentID: id, refundID: refundID, outcome: outcome) }
    }
  }

  private static func provider(_ value: JSONValue?) -> MockProvider? {
    guard let name = value?.stringValue else { return nil }
    return MockProvider(rawValue: name)
  }

  /// The operation's JSON, or its error in the mock's own shape.
  private static func run(status: Int = 200, _ operation: () async throws -> JSONValue) async -> Response {
    do {
      return MockHTTP.json(try await operation(), status: status)
    } catch let error as MockAPIError {
      return MockHTTP.mockError(error)
    } catch {
      return MockHTTP.mockError(MockAPIError(status: 500, message: "\(error)"))
    }
  }
}
