import Foundation
import Hummingbird

/// The Exact Online REST (OData v2) subset RentGuy uses (`/api/v1/…`, JSON both ways, a live OAuth
/// access token): the current user, CRM accounts and sales entries of the mock's one division.
/// Access tokens, rate limits, error blocks, faults and the request log come from the gateway.
struct ExactRoutes: Sendable {
  let state: MockState
  let gateway: ProviderGateway

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let gateway = self.gateway
    router.get("/api/v1/current/Me") { request, _ in
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in APIAnswer(await state.exactMe(select: query["$select"])) }
    }
    router.get("/api/v1/:division/crm/Accounts") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.exactAccountList(division: division, filter: query["$filter"], select: query["$select"]))
      }
    }
    router.post("/api/v1/:division/crm/Accounts") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      return await gateway.handle(request) { api in
        APIAnswer(try await state.createExactAccount(division: division, body: try MollieRoutes.json(api)), status: 201)
      }
    }
    router.get("/api/v1/:division/salesentry/SalesEntries") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.exactSalesEntryList(division: division, filter: query["$filter"], select: query["$select"]))
      }
    }
    router.post("/api/v1/:division/salesentry/SalesEntries") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      return await gateway.handle(request) { api in
        APIAnswer(try await state.createExactSalesEntry(division: division, body: try MollieRoutes.json(api)), status: 201)
      }
    }
    // `SalesEntries(guid'…')`: the key is what follows `SalesEntries(`.
    router.get("/api/v1/:division/salesentry/SalesEntries({key}") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      let key = context.parameters.get("key") ?? ""
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in
        APIAnswer(try await state.exactSalesEntry(division: division, key: key, select: query["$select"]))
      }
    }
  }
}
