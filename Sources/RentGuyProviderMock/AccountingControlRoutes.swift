import Foundation
import Hummingbird

/// The test controls for Moneybird and Exact Online under `/mock/…`: rate limits (off, on,
/// resized), Exact's access-token lifetime and tokens, and what the mock holds (read all, delete
/// one record to test "missing at the provider", add tax rates, ledger accounts, VAT codes, GL
/// accounts and journals).
struct AccountingControlRoutes: Sendable {
  let state: MockState
  let limits: ProviderRateLimits
  let maximumBodySize: Int

  func add(to router: Router<BasicRequestContext>) {
    self.addRateLimits(to: router)
    self.addMoneybird(to: router)
    self.addExact(to: router)
  }

  // MARK: - Rate limits

  private func addRateLimits(to router: Router<BasicRequestContext>) {
    let state = self.state
    let limits = self.limits
    let limit = self.maximumBodySize

    router.get("/mock/ratelimits") { _, _ in
      let seconds = await state.exactAccessTokenSeconds
      return MockHTTP.json(await limits.snapshot(exactAccessTokenSeconds: seconds))
    }
    router.post("/mock/ratelimits") { request, _ in
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected a JSON object.")
      }
      guard let name = body["provider"]?.stringValue, let provider = MockProvider(rawValue: name),
        provider == .moneybird || provider == .exact
      else {
        return MockHTTP.badRequest("provider must be moneybird or exact.")
      }
      return await Self.run {
        var change = ProviderRateLimits.Change()
        var accessTokenSeconds: Int?
        change.enabled = try Self.flag(body, "enabled")
        change.perWindow = try Self.number(body, "per_window", in: 1...1_000_000)
        change.windowSeconds = try Self.number(body, "window_seconds", in: 1...86_400)
        if provider == .exact {
          change.perDay = try Self.number(body, "per_day", in: 1...100_000_000)
          change.errorBlock = try Self.flag(body, "error_block")
          change.errorsPerHour = try Self.number(body, "errors_per_hour", in: 1...100_000)
          change.blockSeconds = try Self.number(body, "block_seconds", in: 1...86_400)
          accessTokenSeconds = try Self.number(body, "access_token_seconds", in: 1...86_400)
        } else if let key = Self.exactOnlyKeys.first(where: { body[$0] != nil }) {
          throw MockAPIError.invalid("\(key) applies to exact only.", param: key)
        }
        await limits.configure(provider, change)
        if let accessTokenSeconds { await state.setExactAccessTokenSeconds(accessTokenSeconds) }
        let seconds = await state.exactAccessTokenSeconds
        return await limits.snapshot(exactAccessTokenSeconds: seconds)
      }
    }
    router.delete("/mock/ratelimits") { _, _ in
      await limits.reset()
      await state.setExactAccessTokenSeconds(nil)
      let seconds = await state.exactAccessTokenSeconds
      return MockHTTP.json(await limits.snapshot(exactAccessTokenSeconds: seconds))
    }
  }

  // MARK: - Moneybird

  private func addMoneybird(to router: Router<BasicRequestContext>) {
    let state = self.state
    let limit = self.maximumBodySize

    router.get("/mock/moneybird/:administration/sales_invoices") { _, context in
      let administration = MoneybirdRoutes.parameter(context, "administration")
      return MockHTTP.json(await state.moneybirdInvoicesSnapshot(administration: administration))
    }
    router.delete("/mock/moneybird/:administration/sales_invoices/:id") { _, context in
      let administration = MoneybirdRoutes.parameter(context, "administration")
      let id = MoneybirdRoutes.parameter(context, "id")
      return await Self.run { try await state.deleteMoneybirdInvoice(administration: administration, id: id) }
    }
    router.get("/mock/moneybird/:administration/contacts") { _, context in
      let administration = MoneybirdRoutes.parameter(context, "administration")
      return MockHTTP.json(await state.moneybirdContactsSnapshot(administration: administration))
    }
    router.delete("/mock/moneybird/:administration/contacts/:id") { _, context in
      let administration = MoneybirdRoutes.parameter(context, "administration")
      let id = MoneybirdRoutes.parameter(context, "id")
      return await Self.run { try await state.deleteMoneybirdContact(administration: administration, id: id) }
    }
    router.post("/mock/moneybird/:administration/tax_rates") { request, context in
      let administration = MoneybirdRoutes.parameter(context, "administration")
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected {\"name\": \"…\", \"percentage\": \"21.0\", \"id\"?: \"…\"}.")
      }
      return await Self.run(status: 201) { try await state.addMoneybirdTaxRate(administration: administration, body: body) }
    }
    router.post("/mock/moneybird/:administration/ledger_accounts") { request, context in
      let administration = MoneybirdRoutes.parameter(context, "administration")
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected {\"name\": \"…\", \"account_type\"?: \"revenue\", \"id\"?: \"…\"}.")
      }
      return await Self.run(status: 201) { try await state.addMoneybirdLedgerAccount(administration: administration, body: body) }
    }
  }

  // MARK: - Exact

  private func addExact(to router: Router<BasicRequestContext>) {
    let state = self.state
    let limit = self.maximumBodySize

    router.get("/mock/exact/oauth") { _, _ in MockHTTP.json(await state.exactOAuthSnapshot()) }
    router.post("/mock/exact/oauth") { request, _ in
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected a JSON object.")
      }
      return await Self.run {
        let seconds = try Self.number(body, "access_token_seconds", in: 1...86_400)
        let expire = try Self.flag(body, "expire_access_tokens")
        let revoke = try Self.flag(body, "revoke_refresh_tokens")
        if let seconds { await state.setExactAccessTokenSeconds(seconds) }
        if expire == true { await state.expireExactAccessTokens() }
        if revoke == true { await state.revokeExactRefreshTokens() }
        return await state.exactOAuthSnapshot()
      }
    }
    router.get("/mock/exact/:division/sales_entries") { _, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      return await Self.run { try await state.exactSalesEntriesSnapshot(division: division) }
    }
    router.delete("/mock/exact/:division/sales_entries/:id") { _, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      let id = MoneybirdRoutes.parameter(context, "id")
      return await Self.run { try await state.deleteExactSalesEntry(division: division, id: id) }
    }
    router.get("/mock/exact/:division/accounts") { _, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      return await Self.run { try await state.exactAccountsSnapshot(division: division) }
    }
    router.post("/mock/exact/:division/vat_codes") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected {\"code\": \"3\", \"percentage\": 6}.")
      }
      return await Self.run(status: 201) { try await state.addExactVATCode(division: division, body: body) }
    }
    router.post("/mock/exact/:division/gl_accounts") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected {\"code\": \"8010\", \"description\": \"…\"}.")
      }
      return await Self.run(status: 201) { try await state.addExactGLAccount(division: division, body: body) }
    }
    router.post("/mock/exact/:division/journals") { request, context in
      let division = MoneybirdRoutes.parameter(context, "division")
      guard let body = await MockHTTP.jsonObject(request, limit: limit) else {
        return MockHTTP.badRequest("Expected {\"code\": \"71\", \"description\": \"…\"}.")
      }
      return await Self.run(status: 201) { try await state.addExactJournal(division: division, body: body) }
    }
  }

  // MARK: - Helpers

  /// The `/mock/ratelimits` fields Moneybird has no use for.
  private static let exactOnlyKeys = ["per_day", "error_block", "errors_per_hour", "block_seconds", "access_token_seconds"]

  /// A boolean field; nil when absent or null; 400 for anything else.
  private static func flag(_ body: [String: JSONValue], _ key: String) throws -> Bool? {
    guard let value = body[key], !value.isNull else { return nil }
    guard case .bool(let flag) = value else { throw MockAPIError.invalid("\(key) must be true or false.", param: key) }
    return flag
  }

  /// A whole number in `range`; nil when absent or null; 400 for anything else.
  private static func number(_ body: [String: JSONValue], _ key: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let value = body[key], !value.isNull else { return nil }
    guard let number = value.intValue, range.contains(number) else {
      throw MockAPIError.invalid("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound).", param: key)
    }
    return number
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
