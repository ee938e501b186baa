import Foundation
import RentGuyRules
import Synchronization
import Testing

@testable import RentGuyProviders

/// A clock the test moves by hand.
final class ManualClock: Sendable {
  private let current: Mutex<Date>

  init(_ date: Date) {
    self.current = Mutex(date)
  }

  var now: Date { self.current.withLock { $0 } }

  func advance(_ seconds: TimeInterval) {
    self.current.withLock { $0 = $0.addingTimeInterval(seconds) }
  }
}

@Suite("Moneybird and Exact Online clients")
struct AccountingAPITests {
  static func object(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(text)")
  }

  static func text(_ json: JSONText) -> String {
    String(decoding: json.bytes, as: UTF8.self)
  }

  @Test("a Moneybird invoice is read in cents, its tax from total_tax or else from the totals, with its payments")
  func moneybirdInvoice() throws {
    let invoice = MoneybirdAPI.SalesInvoice(
      try Self.object(
        """
        {"id":"458026356994737217","contact_id":"458026356994737001","reference":"F2026-0001","invoice_date":"2026-11-23",
         "currency":"EUR","state":"open","prices_are_incl_tax":false,"total_price_excl_tax":"100.0","total_price_incl_tax":"121.00",
         "details":[{"id":"1","description":"Rental","price":"100.00","amount":"1","tax_rate_id":"mb_tax_21",
                     "ledger_account_id":"mb_ledger_8000","total_price_excl_tax_with_discount":"100.0"}],
         "payments":[{"id":"9","price":"50.00","payment_date":"2026-11-24","transaction_identifier":"pay_1"},
                     {"id":"10","price":"-12.10","payment_date":"2026-11-25","transaction_identifier":"pay_2"}]}
        """
      )
    )
    #expect(invoice.id == "458026356994737217")
    #expect(invoice.reference == "F2026-0001")
    #expect(invoice.totalExcludingTaxMinor == 10_000)
    #expect(invoice.totalIncludingTaxMinor == 12_100)
    #expect(invoice.totalTaxMinor == 2100)
    #expect(invoice.details.map(\.taxRateID) == ["mb_tax_21"])
    #expect(invoice.payments.map(\.transactionIdentifier) == ["pay_1", "pay_2"])
    #expect(invoice.paidMinor == 3790)
    let credit = MoneybirdAPI.SalesInvoice(
      try Self.object(#"{"id":123,"total_price_excl_tax":"-10.00","total_price_incl_tax":"-12.10","total_tax":"-2.10"}"#)
    )
    #expect(credit.id == "123")
    #expect(credit.totalTaxMinor == -210)
  }

  @Test("Moneybird's error bodies become one sentence")
  func moneybirdErrors() {
    #expect(MoneybirdAPI.message(["error": "record not found"]) == "record not found")
    #expect(
      MoneybirdAPI.message(["error": ["customer_id": ["is already taken"], "base": "invalid"] as [String: Any]])
        == "base invalid; customer_id is already taken"
    )
    #expect(MoneybirdAPI.message(["message": "x"]) == nil)
  }

  @Test("request bodies keep their key order and write amounts with two decimals")
  func bodies() {
    let invoice = MoneybirdAPI.NewSalesInvoice(
      contactID: "c1", reference: "F-1", invoiceDate: "2026-11-23",
      details: [.init(description: "Tent \"XL\"", priceMinor: -1210, taxRateID: "mb_tax_21", ledgerAccountID: "mb_ledger_8000")]
    )
    #expect(
      Self.text(.object([("sales_invoice", invoice.json)]))
        == #"{"sales_invoice":{"contact_id":"c1","reference":"F-1","invoice_date":"2026-11-23","currency":"EUR","prices_are_incl_tax":false,"#
        + #""details_attributes":[{"description":"Tent \"XL\"","price":"-12.10","amount":"1","tax_rate_id":"mb_tax_21","ledger_account_id":"mb_ledger_8000"}]}}"#
    )
    let payment = MoneybirdAPI.NewPayment(paymentDate: "2026-11-24", priceMinor: 12_100, transactionIdentifier: "pay_1")
    #expect(Self.text(payment.json) == #"{"payment_date":"2026-11-24","price":"121.00","transaction_identifier":"pay_1"}"#)
    let contact = MoneybirdAPI.NewContact(customerID: "cus_1", companyName: "Acme", email: "a@b.nl")
    #expect(Self.text(contact.json) == #"{"company_name":"Acme","email":"a@b.nl","customer_id":"cus_1"}"#)
    let entry = ExactAPI.NewSalesEntry(
      customerID: "guid-1", entryDate: "2026-11-23", description: "Invoice F-1", yourRef: "F-1", type: .creditNote,
      lines: [
        .init(glAccount: "8000", description: "Rental", amountMinor: 10_000, vatCode: "2"),
        .init(glAccount: "8000", description: "Discount", amountMinor: -1210, vatCode: "2"),
      ]
    )
    #expect(
      Self.text(entry.json)
        == #"{"Journal":"70","Customer":"guid-1","EntryDate":"2026-11-23","Description":"Invoice F-1","YourRef":"F-1","Currency":"EUR","Type":21,"#
        + #""SalesEntryLines":[{"GLAccount":"8000","Description":"Rental","AmountFC":100.00,"VATCode":"2"},"#
        + #"{"GLAccount":"8000","Description":"Discount","AmountFC":-12.10,"VATCode":"2"}]}"#
    )
    #expect(Self.text(.string("a\u{1}b\nc\\")) == #""a\u0001b\nc\\""#)
  }

  @Test("OData string literals double their quotes, and queries are percent-encoded but keep $, : and ,")
  func queries() {
    #expect(ExactAPI.literal("O'Brien") == "'O''Brien'")
    #expect(
      ProviderHTTP.path("/api/v1/1/crm/Accounts", query: [("$filter", "Code eq \(ExactAPI.literal("O'B"))"), ("$select", "ID,Code")])
        == "/api/v1/1/crm/Accounts?$filter=Code%20eq%20%27O%27%27B%27&$select=ID,Code"
    )
    #expect(
      ProviderHTTP.path("/contacts.json", query: [("query", "jan+test@example.nl")]) == "/contacts.json?query=jan%2Btest%40example.nl"
    )
    #expect(
      ProviderHTTP.path("/sales_invoices.json", query: [("filter", "state:all,reference:F 1")])
        == "/sales_invoices.json?filter=state:all,reference:F%201"
    )
    #expect(ProviderHTTP.path("/x", query: []) == "/x")
  }

  @Test("Exact answers are read from d.results or d, amounts from JSON numbers in cents")
  func exactAnswers() throws {
    let list = try Self.object(
      #"{"d":{"results":[{"EntryID":"e1","EntryNumber":7,"YourRef":"F-1","AmountDC":121.0,"VATAmountDC":21.0,"Type":20}]}}"#
    )
    let entries = ExactAPI.results(list).map(ExactAPI.SalesEntry.init)
    #expect(entries.count == 1)
    #expect(entries.first?.amountMinor == 12_100)
    #expect(entries.first?.vatAmountMinor == 2100)
    #expect(entries.first?.amountExcludingVATMinor == 10_000)
    #expect(entries.first?.entryNumber == 7)
    #expect(entries.first?.type == 20)
    let single = try Self.object(#"{"d":{"EntryID":"e2","AmountDC":-12.1,"VATAmountDC":-2.1,"Type":21}}"#)
    #expect(ExactAPI.results(single).map(ExactAPI.SalesEntry.init).first?.amountMinor == -1210)
    let empty = try Self.object(#"{"d":{"results":[]}}"#)
    #expect(ExactAPI.results(empty).isEmpty)
    let me = ExactAPI.Me(try Self.object(#"{"CurrentDivision":123456,"FullName":"Jan"}"#))
    #expect(me.currentDivision == 123_456)
    let error = try Self.object(#"{"error":{"code":"","message":{"lang":"","value":"Unknown GL account"}}}"#)
    #expect(ExactAPI.message(error) == "Unknown GL account")
    #expect(ExactOAuth.message(["error": "invalid_grant"]) == "invalid_grant")
    #expect(ExactOAuth.message(["error": "invalid_client", "error_description": "bad secret"]) == "invalid_client: bad secret")
    #expect(ExactAPI.instant("1800000000000") == Date(timeIntervalSince1970: 1_800_000_000))
  }

  @Test("amounts are read from decimal strings with a sign or trailing zeros, and from JSON numbers")
  func amounts() throws {
    #expect(ProviderJSON.minor("100.0") == 10_000)
    #expect(ProviderJSON.minor("-12.10") == -1210)
    #expect(ProviderJSON.minor("121.000") == 12_100)
    #expect(ProviderJSON.minor("12.345") == nil)
    #expect(ProviderJSON.minor("abc") == nil)
    let numbers = try Self.object(#"{"a":12.1,"b":-0.29,"c":3}"#)
    #expect(ProviderJSON.minor(numbers["a"]) == 1210)
    #expect(ProviderJSON.minor(numbers["b"]) == -29)
    #expect(ProviderJSON.minor(numbers["c"]) == 300)
    #expect(DecimalAmount.signedMinor("-0.05") == -5)
    #expect(DecimalAmount.signedMinor("--5") == nil)
    #expect(MoneybirdAPI.TaxRate(["id": "mb_tax_9", "percentage": "9.0"]).basisPoints == 900)
  }

  @Test("Exact's error budget stops an endpoint at 8 errors in an hour and says when to try again")
  func errorBudget() async throws {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
    let budget = ExactErrorBudget(stopAt: 8, now: { clock.now })
    for _ in 0..<7 {
      await budget.record("crm/Accounts")
      clock.advance(60)
    }
    try await budget.check("crm/Accounts")
    await budget.record("crm/Accounts")
    do throws(ProviderError) {
      try await budget.check("crm/Accounts")
      Issue.record("a 9th request was let through")
    } catch {
      #expect(!error.retryable)
      #expect(
        error.message
          == "stopped after 8 errors in the last hour on crm/Accounts: Exact blocks the key at 10; try again after 2027-01-15T09:00:00Z"
      )
    }
    // Another endpoint has its own budget.
    try await budget.check("salesentry/SalesEntries")
    // An hour after the first error, it no longer counts.
    clock.advance(3600 - 420 + 1)
    #expect(await budget.errorCount("crm/Accounts") == 7)
    try await budget.check("crm/Accounts")
  }

  @Test("a 401 is told apart so the caller can refresh the token")
  func unauthorized() {
    #expect(ProviderError(provider: "exact", httpStatus: 401, message: "expired", retryable: false).isUnauthorized)
    #expect(!ProviderError(provider: "exact", httpStatus: 403, message: "blocked", retryable: false).isUnauthorized)
  }

  @Test("the limiter lets a window's requests through at once, trusts a provider that says fewer remain, and pauses")
  func limiter() async throws {
    let limiter = ProviderRateLimiter(windows: MoneybirdAPI.rateWindows)
    #expect(await limiter.available() == 149)
    try await limiter.acquire()
    #expect(await limiter.available() == 148)
    await limiter.observe(remaining: 3, resetIn: .seconds(60), window: 0)
    #expect(await limiter.available() == 2)
    await limiter.pause(for: .seconds(30))
    #expect(await limiter.available() == 0)
    #expect(await limiter.plannedDuration(calls: 1) > .seconds(29))
    let waiting = Task { try await limiter.acquire() }
    waiting.cancel()
    await #expect(throws: CancellationError.self) { try await waiting.value }
    await limiter.setEnabled(false)
    #expect(await limiter.available() == Int.max)
    try await limiter.acquire()
  }

  @Test("a disabled limiter never waits, and the planner matches Moneybird's numbers")
  func disabledLimiter() async throws {
    let limiter = ProviderRateLimiter(windows: [RateWindow(limit: 1, per: .seconds(3600))], enabled: false)
    for _ in 0..<100 { try await limiter.acquire() }
    #expect(await limiter.plannedDuration(calls: 1000) == .zero)
    #expect(ProviderRateLimiter.plannedDuration(calls: 2000, windows: MoneybirdAPI.rateWindows) == .seconds(3900))
    #expect(ExactAPI.rateWindows.map(\.limit) == [60, 5000])
  }
}
