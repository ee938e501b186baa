import Foundation
import Hummingbird

/// The Moneybird API subset RentGuy uses (`/api/v2/…`, JSON both ways, any bearer token):
/// administrations, contacts, sales invoices and their payments, tax rates and ledger accounts.
/// Rate limits, faults and the request log come from the gateway.
struct MoneybirdRoutes: Sendable {
  let state: MockState
  let gateway: ProviderGateway

  static let defaultPerPage = 50
  static let maximumPerPage = 100

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let gateway = self.gateway
    router.get("/api/v2/administrations.json") { request, _ in
      await gateway.handle(request) { _ in APIAnswer(await state.moneybirdAdministrationList()) }
    }
    router.get("/api/v2/:administration/tax_rates.json") { request, context in
      let administration = Self.parameter(context, "administration")
      return await gateway.handle(request) { _ in APIAnswer(try await state.moneybirdTaxRates(administration: administration)) }
    }
    router.get("/api/v2/:administration/ledger_accounts.json") { request, context in
      let administration = Self.parameter(context, "administration")
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.moneybirdLedgerAccounts(administration: administration))
      }
    }

    // Contacts
    router.get("/api/v2/:administration/contacts.json") { request, context in
      let administration = Self.parameter(context, "administration")
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in
        let paging = try Self.paging(query)
        return APIAnswer(
          try await state.moneybirdContactList(
            administration: administration, query: query["query"], page: paging.page, perPage: paging.perPage))
      }
    }
    router.post("/api/v2/:administration/contacts.json") { request, context in
      let administration = Self.parameter(context, "administration")
      return await gateway.handle(request) { api in
        APIAnswer(try await state.createMoneybirdContact(administration: administration, body: try MollieRoutes.json(api)), status: 201)
      }
    }
    router.get("/api/v2/:administration/contacts/customer_id/{customerID}.json") { request, context in
      let administration = Self.parameter(context, "administration")
      let customerID = Self.parameter(context, "customerID")
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.moneybirdContact(administration: administration, customerID: customerID))
      }
    }
    router.get("/api/v2/:administration/contacts/{id}.json") { request, context in
      let administration = Self.parameter(context, "administration")
      let id = Self.parameter(context, "id")
      return await gateway.handle(request) { _ in APIAnswer(try await state.moneybirdContact(administration: administration, id: id)) }
    }

    // Sales invoices
    router.get("/api/v2/:administration/sales_invoices.json") { request, context in
      let administration = Self.parameter(context, "administration")
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in
        let paging = try Self.paging(query)
        return APIAnswer(
          try await state.moneybirdSalesInvoices(
            administration: administration, filter: query["filter"], page: paging.page, perPage: paging.perPage))
      }
    }
    router.post("/api/v2/:administration/sales_invoices.json") { request, context in
      let administration = Self.parameter(context, "administration")
      return await gateway.handle(request) { api in
        APIAnswer(
          try await state.createMoneybirdSalesInvoice(administration: administration, body: try MollieRoutes.json(api)), status: 201)
      }
    }
    router.get("/api/v2/:administration/sales_invoices/{id}.json") { request, context in
      let administration = Self.parameter(context, "administration")
      let id = Self.parameter(context, "id")
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.moneybirdSalesInvoice(administration: administration, id: id))
      }
    }
    router.post("/api/v2/:administration/sales_invoices/:id/payments.json") { request, context in
      let administration = Self.parameter(context, "administration")
      let id = Self.parameter(context, "id")
      return await gateway.handle(request) { api in
        APIAnswer(
          try await state.createMoneybirdPayment(administration: administration, invoiceID: id, body: try MollieRoutes.json(api)),
          status: 201)
      }
    }
  }

  /// A path parameter, percent-decoded.
  static func parameter(_ context: BasicRequestContext, _ name: String) -> String {
    let raw = context.parameters.get(name) ?? ""
    return raw.removingPercentEncoding ?? raw
  }

  /// `page` (from 1) and `per_page` (1–100, default 50); 400 for anything else.
  static func paging(_ query: [String: String]) throws -> (page: Int, perPage: Int) {
    var page = 1
    var perPage = Self.defaultPerPage
    if let text = query["page"] {
      guard let number = Int(text), (1...100_000).contains(number) else {
        throw MockAPIError(status: 400, message: "page must be a number from 1")
      }
      page = number
    }
    if let text = query["per_page"] {
      guard let number = Int(text), (1...Self.maximumPerPage).contains(number) else {
        throw MockAPIError(status: 400, message: "per_page must be a number from 1 to \(Self.maximumPerPage)")
      }
      perPage = number
    }
    return (page, perPage)
  }
}
