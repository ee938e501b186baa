import Foundation
import Hummingbird

/// The Mollie API subset: payments and their refunds (`/v2/…`, JSON in, HAL JSON out).
struct MollieRoutes: Sendable {
  let state: MockState
  let gateway: ProviderGateway

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let gateway = self.gateway
    router.post("/v2/payments") { request, _ in
      await gateway.handle(request) { api in
        APIAnswer(try await state.createPayment(try Self.json(api)), status: 201)
      }
    }
    router.get("/v2/payments/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.payment(id)) }
    }
    router.delete("/v2/payments/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.cancelPayment(id)) }
    }
    router.post("/v2/payments/:id/refunds") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { api in
        APIAnswer(try await state.createMollieRefund(paymentID: id, body: try Self.json(api)), status: 201)
      }
    }
    router.get("/v2/payments/:id/refunds") { request, context in
      let id = context.parameters.get("id") ?? ""
      return await gateway.handle(request) { _ in APIAnswer(try await state.mollieRefunds(paymentID: id)) }
    }
    router.get("/v2/payments/:id/refunds/:refundID") { request, context in
      let id = context.parameters.get("id") ?? ""
      let refundID = context.parameters.get("refundID") ?? ""
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.mollieRefund(paymentID: id, refundID: refundID))
      }
    }
  }

  /// The JSON body (an empty body is `{}`); 400 when it is not JSON.
  static func json(_ request: APIRequest) throws -> JSONValue {
    if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
    guard let value = JSONValue.decode(request.body) else {
      throw MockAPIError(status: 400, message: "The request body is not valid JSON.")
    }
    return value
  }
}
