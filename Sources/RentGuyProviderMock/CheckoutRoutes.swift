import Foundation
import Hummingbird

/// The customer's side: the hosted checkout pages (`/checkout/stripe/{cs}`, `/checkout/mollie/{tr}`)
/// with buttons for each outcome, and the pay endpoints the buttons (or tests) post to.
///
/// A pay endpoint answers API callers (`Accept: application/json`, JSON bodies, or no `Accept`)
/// with the object as it is now, and a browser form with 303 to where the provider would send the
/// customer (`success_url`/`cancel_url`, Mollie's `redirectUrl`).
struct CheckoutRoutes: Sendable {
  let state: MockState
  let maximumBodySize: Int

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let limit = self.maximumBodySize
    router.get("/checkout/stripe/:id") { _, context in
      let id = context.parameters.get("id") ?? ""
      guard let session = await state.checkoutSessionRecord(id) else {
        return MockHTTP.html(Self.page(title: "Not found", body: "<p>No such Checkout Session.</p>"), status: 404)
      }
      return MockHTTP.html(Self.stripePage(session))
    }
    router.post("/checkout/stripe/:id/pay") { request, context in
      let id = context.parameters.get("id") ?? ""
      let fields = await MockHTTP.fields(request, limit: limit)
      let outcome = fields["outcome"] ?? "paid"
      let result: JSONValue
      do {
        result = try await state.payCheckoutSession(id, outcome: outcome)
      } catch let error as MockAPIError {
        return MockHTTP.mockError(error)
      }
      if MockHTTP.wantsJSON(request) { return MockHTTP.json(result) }
      guard let session = await state.checkoutSessionRecord(id) else { return MockHTTP.json(result) }
      switch outcome {
      case "failed": return MockHTTP.redirect(to: "/checkout/stripe/\(id)?declined=1")
      case "expired": return MockHTTP.redirect(to: Self.stripeRedirect(session.cancelURL, session: id))
      default: return MockHTTP.redirect(to: Self.stripeRedirect(session.successURL, session: id))
      }
    }
    router.get("/checkout/mollie/:id") { _, context in
      let id = context.parameters.get("id") ?? ""
      guard let payment = await state.molliePaymentRecord(id) else {
        return MockHTTP.html(Self.page(title: "Not found", body: "<p>No such payment.</p>"), status: 404)
      }
      return MockHTTP.html(Self.molliePage(payment))
    }
    router.post("/checkout/mollie/:id/pay") { request, context in
      let id = context.parameters.get("id") ?? ""
      let fields = await MockHTTP.fields(request, limit: limit)
      let outcome = fields["outcome"] ?? "paid"
      let result: JSONValue
      do {
        result = try await state.applyPaymentOutcome(id, outcome: outcome, allowedFrom: ["open"])
      } catch let error as MockAPIError {
        return MockHTTP.mockError(error)
      }
      if MockHTTP.wantsJSON(request) { return MockHTTP.json(result, contentType: "application/hal+json") }
      if let redirect = await state.molliePaymentRecord(id)?.redirectURL { return MockHTTP.redirect(to: redirect) }
      return MockHTTP.html(Self.page(title: "Done", body: "<p>Payment \(MockHTTP.escape(id)): \(MockHTTP.escape(outcome)).</p>"))
    }
  }

  /// `success_url` with `{CHECKOUT_SESSION_ID}` filled in, or back to the checkout page.
  static func stripeRedirect(_ url: String?, session: String) -> String {
    guard let url, !url.isEmpty else { return "/checkout/stripe/\(session)" }
    return url.replacingOccurrences(of: "{CHECKOUT_SESSION_ID}", with: session)
  }

  static func stripePage(_ session: StripeRecords.CheckoutSession) -> String {
    let items = session.lineItems.map { item in
      "<li>\(item.quantity) × \(MockHTTP.escape(item.name)): \(Self.money(item.unitAmount * item.quantity, session.currency))</li>"
    }.joined()
    var body = """
      <p>Checkout Session <code>\(MockHTTP.escape(session.id))</code>: \(MockHTTP.escape(session.status)), \
      \(MockHTTP.escape(session.paymentStatus))</p>
      <ul>\(items)</ul>
      <p><strong>Total \(Self.money(session.amountTotal, session.currency))</strong></p>
      """
    if session.status == "open" {
      let action = "/checkout/stripe/\(MockHTTP.escape(session.id))/pay"
      body += Self.buttons(action: action, outcomes: [
        ("paid", "Pay (card succeeds)"), ("failed", "Pay (card declined)"),
        ("processing", "Pay (async method, settles later)"), ("expired", "Let the session expire"),
      ])
    }
    return Self.page(title: "Stripe checkout (mock)", body: body)
  }

  static func molliePage(_ payment: MollieRecords.Payment) -> String {
    var body = """
      <p>Payment <code>\(MockHTTP.escape(payment.id))</code>: \(MockHTTP.escape(payment.status))</p>
      <p>\(MockHTTP.escape(payment.description))</p>
      <p><strong>\(MockHTTP.escape(payment.currency)) \(MollieObjects.format(payment.amount))</strong></p>
      """
    if payment.status == "open" {
      let action = "/checkout/mollie/\(MockHTTP.escape(payment.id))/pay"
      body += Self.buttons(action: action, outcomes: [
        ("paid", "Paid"), ("failed", "Failed"), ("processing", "Pending (settles later)"),
        ("authorized", "Authorized"), ("canceled", "Canceled"), ("expired", "Expired"),
      ])
    }
    return Self.page(title: "Mollie checkout (mock)", body: body)
  }

  private static func buttons(action: String, outcomes: [(String, String)]) -> String {
    outcomes.map { outcome, label in
      """
      <form method="post" action="\(action)"><input type="hidden" name="outcome" value="\(outcome)">\
      <button type="submit">\(MockHTTP.escape(label))</button></form>
      """
    }.joined(separator: "\n")
  }

  private static func money(_ cents: Int, _ currency: String) -> String {
    "\(MockHTTP.escape(currency.uppercased())) \(MollieObjects.format(cents))"
  }

  static func page(title: String, body: String) -> String {
    """
    <!doctype html>
    <html><head><meta charset="utf-8"><title>\(MockHTTP.escape(title))</title>
    <style>body{font-family:sans-serif;max-width:36em;margin:2em auto}form{display:inline-block;margin:.3em}</style>
    </head><body><h1>\(MockHTTP.escape(title))</h1>
    \(body)
    </body></html>
    """
  }
}
