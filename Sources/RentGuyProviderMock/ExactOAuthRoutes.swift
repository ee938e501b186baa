import Foundation
import Hummingbird

/// Exact Online's OAuth 2 endpoints (no bearer token): `GET /api/oauth2/auth` approves at once
/// with a 302 back to the `redirect_uri`; `POST /api/oauth2/token` (form-encoded) exchanges a code
/// or a refresh token, rotating the refresh token. Faults armed for `exact` and the request log
/// apply here too.
struct ExactOAuthRoutes: Sendable {
  let state: MockState
  let gateway: ProviderGateway

  func add(to router: Router<BasicRequestContext>) {
    let state = self.state
    let gateway = self.gateway
    router.get("/api/oauth2/auth") { request, _ in
      let query = MockHTTP.query(request)
      return await gateway.handle(request) { _ in await state.authorizeExact(query) }
    }
    router.post("/api/oauth2/token") { request, _ in
      await gateway.handle(request) { api in await state.exactToken(Self.form(api)) }
    }
  }

  /// The form body's top-level fields.
  static func form(_ request: APIRequest) -> [String: String] {
    var fields: [String: String] = [:]
    for (key, node) in FormFields(decoding: String(decoding: request.body, as: UTF8.self)).root {
      if case .value(let text) = node { fields[key] = text }
    }
    return fields
  }
}
