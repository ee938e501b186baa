import Foundation
import Hummingbird

/// The Stripe API subset: Checkout Sessions, PaymentIntents, charges, refunds and events (`/v1/…`,
/// form-encoded requests, JSON responses).
struct StripeRoutes: Sendable {
  let state: MockState
  let gateway: ProviderGateway

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let gateway = self.gateway
    router.post("/v1/checkout/sessions") { request, _ in
      await gateway.handle(request) { api in
        APIAnswer(try await state.createCheckoutSession(Self.form(api)))
      }
    }
    router.get("/v1/checkout/sessions/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.checkoutSession(id)) }
    }
    router.post("/v1/checkout/sessions/:id/expire") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.expireCheckoutSession(id)) }
    }
    router.get("/v1/payment_intents/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.paymentIntent(id)) }
    }
    router.get("/v1/charges/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.charge(id)) }
    }
    router.post("/v1/refunds") { request, _ in
      await gateway.handle(request) { api in
        let origin = StripeRecords.RequestInfo(id: api.requestID, idempotencyKey: api.idempotencyKey)
        return APIAnswer(try await state.createRefund(Self.form(api), request: origin))
      }
    }
    router.get("/v1/refunds/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.refund(id)) }
    }
    router.get("/v1/events/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.event(id)) }
    }
  }

  /// The form body in bracket notation.
  static func form(_ request: APIRequest) -> FormFields {
    FormFields(decoding: String(decoding: request.body, as: UTF8.self))
  }
}
