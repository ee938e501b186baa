import Foundation

/// Exact Online: the one division's accounts (customers) and sales entries (invoices, credit
/// notes), with seeded VAT codes (`0` 0 %, `1` 9 %, `2` 21 %), GL account `8000` and journal `70`.
/// Errors are 400/404 in Exact's `{"error":{"message":{"value":…}}}` (rendered by the gateway).
extension MockState {
  /// At most this many lines on one sales entry.
  static let exactLineLimit = 500
  /// The longest text field accepted.
  static let exactTextLimit = 1000

  // MARK: - API

  /// `GET /api/v1/current/Me`: the user and their current division.
  func exactMe(select: String?) -> JSONValue {
    let me: [String: JSONValue] = [
      "CurrentDivision": .int(self.configuration.exactDivision),
      "FullName": "RentGuy Mock",
      "UserID": "00000000-0000-0000-0000-000000000001",
      "UserName": "mock@rentguy.test",
      "LanguageCode": "nl-NL",
    ]
    return ExactObjects.results([ODataQuery.select(me, select)])
  }

  /// `GET /crm/Accounts?$filter=Code eq '…'` (or `Email`, `Name`, `ID`).
  func exactAccountList(division: String, filter: String?, select: String?) throws -> JSONValue {
    let number = try self.exactDivision(division)
    var accounts: [ExactRecords.Account]
    if let filter, !filter.trimmingCharacters(in: .whitespaces).isEmpty {
      let condition = try Self.exactCondition(filter)
      switch condition.field.lowercased() {
      case "code":
        accounts = self.exactAccountIDsByCode[condition.value].flatMap { self.exactAccounts[$0] }.map { [$0] } ?? []
      case "email":
        let email = condition.value.lowercased()
        accounts = self.exactAccounts.values.filter { $0.email.lowercased() == email }
      case "name":
        accounts = self.exactAccounts.values.filter { $0.name == condition.value }
      case "id":
        accounts = self.exactAccounts[condition.value.lowercased()].map { [$0] } ?? []
      default:
        throw Self.unsupportedFilter(filter)
      }
    } else {
      accounts = Array(self.exactAccounts.values)
    }
    accounts.sort { ($0.created, $0.id) < ($1.created, $1.id) }
    return ExactObjects.results(accounts.map { ODataQuery.select(ExactObjects.account($0, division: number), select) })
  }

  /// `POST /crm/Accounts {"Code","Name","Email","Status"}`: `Name` is mandatory, `Code` unique
  /// (given one when left out).
  func createExactAccount(division: String, body: JSONValue) throws -> JSONValue {
    let number = try self.exactDivision(division)
    guard let fields = body.objectValue else { throw MockAPIError(status: 400, message: "The request body must be a JSON object.") }
    let name = try Self.exactText(fields["Name"], field: "Name") ?? ""
    guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw MockAPIError(status: 400, message: "Name: Mandatory")
    }
    var code = (try Self.exactText(fields["Code"], field: "Code") ?? "").trimmingCharacters(in: .whitespaces)
    if code.isEmpty {
      repeat {
        self.exactLastAccountCode += 1
        code = String(self.exactLastAccountCode)
      } while self.exactAccountIDsByCode[code] != nil
    } else {
      guard code.count <= 18 else { throw MockAPIError(status: 400, message: "Code: at most 18 characters") }
      guard self.exactAccountIDsByCode[code] == nil else { throw MockAPIError(status: 400, message: "Code: already exists") }
    }
    let email = (try Self.exactText(fields["Email"], field: "Email") ?? "").trimmingCharacters(in: .whitespaces)
    let status = try Self.exactText(fields["Status"], field: "Status") ?? "C"
    guard ["C", "P", "S", "A"].contains(status) else {
      throw MockAPIError(status: 400, message: "Status: must be C, P, S or A")
    }
    let account = ExactRecords.Account(
      id: UUID().uuidString.lowercased(), code: code, name: name, email: email, status: status, created: Date())
    self.exactAccounts[account.id] = account
    self.exactAccountIDsByCode[code] = account.id
    return ExactObjects.single(.object(ExactObjects.account(account, division: number)))
  }

  /// `GET /salesentry/SalesEntries?$filter=YourRef eq '…'` (or `EntryID eq guid'…'`).
  func exactSalesEntryList(division: String, filter: String?, select: String?) throws -> JSONValue {
    let number = try self.exactDivision(division)
    var entries: [ExactRecords.SalesEntry]
    if let filter, !filter.trimmingCharacters(in: .whitespaces).isEmpty {
      let condition = try Self.exactCondition(filter)
      switch condition.field.lowercased() {
      case "yourref":
        entries = (self.exactEntryIDsByYourRef[condition.value] ?? []).compactMap { self.exactSalesEntries[$0] }
      case "entryid":
        entries = self.exactSalesEntries[condition.value.lowercased()].map { [$0] } ?? []
      default:
        throw Self.unsupportedFilter(filter)
      }
    } else {
      entries = Array(self.exactSalesEntries.values)
    }
    entries.sort { $0.entryNumber < $1.entryNumber }
    return ExactObjects.results(entries.map { ODataQuery.select(ExactObjects.salesEntry($0, division: number), select) })
  }

  /// `GET /salesentry/SalesEntries(guid'…')`; `key` is what follows `SalesEntries(`.
  func exactSalesEntry(division: String, key: String, select: String?) throws -> JSONValue {
    let number = try self.exactDivision(division)
    guard let id = ODataQuery.guidKey(key) else {
      throw MockAPIError(status: 400, message: "The key must be written as SalesEntries(guid'…').")
    }
    guard let entry = self.exactSalesEntries[id.lowercased()] else {
      throw MockAPIError(status: 404, message: "Not found: SalesEntries(guid'\(id)')")
    }
    return ExactObjects.single(ODataQuery.select(ExactObjects.salesEntry(entry, division: number), select))
  }

  /// `POST /salesentry/SalesEntries`: lines' `AmountFC` exclude VAT; the VAT of each line is its
  /// amount × the VAT code's percentage, rounded half away from zero in cents; `AmountDC` (including
  /// VAT) and `VATAmountDC` are the sums.
  func createExactSalesEntry(division: String, body: JSONValue) throws -> JSONValue {
    let number = try self.exactDivision(division)
    guard let fields = body.objectValue else { throw MockAPIError(status: 400, message: "The request body must be a JSON object.") }
    let journal = try Self.exactText(fields["Journal"], field: "Journal") ?? ""
    guard self.exactJournals[journal] != nil else {
      throw MockAPIError(status: 400, message: "Journal: '\(journal.prefix(40))' does not exist")
    }
    guard let customer = try Self.exactText(fields["Customer"], field: "Customer"),
      let account = self.exactAccounts[customer.lowercased()]
    else { throw MockAPIError(status: 400, message: "Customer: account not found") }
    let entryDate = try Self.exactText(fields["EntryDate"], field: "EntryDate") ?? CalendarDay.today()
    guard CalendarDay.isValid(String(entryDate.prefix(10))) else {
      throw MockAPIError(status: 400, message: "EntryDate: not a date (yyyy-MM-dd)")
    }
    let description = try Self.exactText(fields["Description"], field: "Description") ?? ""
    let yourRef = try Self.exactText(fields["YourRef"], field: "YourRef") ?? ""
    let currency = (try Self.exactText(fields["Currency"], field: "Currency") ?? "EUR").uppercased()
    guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
      throw MockAPIError(status: 400, message: "Currency: invalid")
    }
    var type = 20
    if let value = fields["Type"], !value.isNull {
      guard let given = value.intValue, given == 20 || given == 21 else {
        throw MockAPIError(status: 400, message: "Type: must be 20 (invoice) or 21 (credit note)")
      }
      type = given
    }
    let lineValues: [JSONValue]
    switch fields["SalesEntryLines"] {
    case .array(let items)?:
      lineValues = items
    case .object(let wrapper)?:
      guard case .array(let items)? = wrapper["results"] else {
        throw MockAPIError(status: 400, message: "SalesEntryLines: expected an array")
      }
      lineValues = items
    default:
      throw MockAPIError(status: 400, message: "SalesEntryLines: Mandatory")
    }
    guard !lineValues.isEmpty else { throw MockAPIError(status: 400, message: "SalesEntryLines: Mandatory") }
    guard lineValues.count <= Self.exactLineLimit else {
      throw MockAPIError(status: 400, message: "SalesEntryLines: at most \(Self.exactLineLimit) lines")
    }
    var lines: [ExactRecords.Line] = []
    for (index, value) in lineValues.enumerated() {
      guard let line = value.objectValue else {
        throw MockAPIError(status: 400, message: "SalesEntryLines[\(index)]: expected an object")
      }
      let glAccount = try Self.exactText(line["GLAccount"], field: "GLAccount") ?? ""
      guard self.exactGLAccounts[glAccount] != nil else {
        throw MockAPIError(status: 400, message: "SalesEntryLines[\(index)].GLAccount: '\(glAccount.prefix(40))' does not exist")
      }
      let vatCode = try Self.exactText(line["VATCode"], field: "VATCode") ?? ""
      guard let percentage = self.exactVATCodes[vatCode] else {
        throw MockAPIError(status: 400, message: "SalesEntryLines[\(index)].VATCode: '\(vatCode.prefix(40))' does not exist")
      }
      guard let amount = Cents.from(line["AmountFC"]) else {
        throw MockAPIError(status: 400, message: "SalesEntryLines[\(index)].AmountFC: not a number")
      }
      let lineDescription = try Self.exactText(line["Description"], field: "Description") ?? ""
      let vat = Int(Cents.divide(Int128(amount) * Int128(percentage), by: 10_000))
      lines.append(
        ExactRecords.Line(
          id: UUID().uuidString.lowercased(),
          glAccount: glAccount,
          description: lineDescription,
          amount: amount,
          vatCode: vatCode,
          vatPercentage: percentage,
          vatAmount: vat
        )
      )
    }
    self.exactLastEntryNumber += 1
    let entry = ExactRecords.SalesEntry(
      entryID: UUID().uuidString.lowercased(),
      entryNumber: self.exactLastEntryNumber,
      journal: journal,
      customerID: account.id,
      entryDate: entryDate,
      description: description,
      yourRef: yourRef,
      currency: currency,
      type: type,
      lines: lines,
      created: Date()
    )
    self.exactSalesEntries[entry.entryID] = entry
    self.exactEntryIDsByYourRef[yourRef, default: []].append(entry.entryID)
    return ExactObjects.single(.object(ExactObjects.salesEntry(entry, division: number)))
  }

  // MARK: - Controls

  /// Every sales entry (by entry number), for tests; 404 for another division.
  func exactSalesEntriesSnapshot(division: String) throws -> JSONValue {
    let number = try self.exactControlDivision(division)
    let entries = self.exactSalesEntries.values.sorted { $0.entryNumber < $1.entryNumber }
    return [
      "division": .int(number),
      "count": .int(entries.count),
      "amount_dc": ExactObjects.amount(entries.reduce(0) { $0 + $1.amountIncludingVAT }),
      "sales_entries": .array(entries.map { .object(ExactObjects.salesEntry($0, division: number)) }),
    ]
  }

  /// Every account, for tests.
  func exactAccountsSnapshot(division: String) throws -> JSONValue {
    let number = try self.exactControlDivision(division)
    let accounts = self.exactAccounts.values.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    return [
      "division": .int(number),
      "count": .int(accounts.count),
      "accounts": .array(accounts.map { .object(ExactObjects.account($0, division: number)) }),
    ]
  }

  /// Forgets a sales entry (a test of "missing at the provider"); returns it as it was.
  func deleteExactSalesEntry(division: String, id: String) throws -> JSONValue {
    let number = try self.exactControlDivision(division)
    guard let entry = self.exactSalesEntries[id.lowercased()] else {
      throw MockAPIError(status: 404, message: "No such sales entry: \(id.prefix(64))")
    }
    self.exactSalesEntries[entry.entryID] = nil
    let remaining = (self.exactEntryIDsByYourRef[entry.yourRef] ?? []).filter { $0 != entry.entryID }
    self.exactEntryIDsByYourRef[entry.yourRef] = remaining.isEmpty ? nil : remaining
    return ["deleted": .object(ExactObjects.salesEntry(entry, division: number))]
  }

  /// Adds (or replaces) a VAT code: `{"code": "3", "percentage": "6.0" | 6}`.
  func addExactVATCode(division: String, body: [String: JSONValue]) throws -> JSONValue {
    _ = try self.exactControlDivision(division)
    let code = try Self.controlCode(body["code"])
    guard let percentage = Cents.from(body["percentage"]), (0...10_000).contains(percentage) else {
      throw MockAPIError.invalid("percentage must be from 0 to 100, e.g. 21.", param: "percentage")
    }
    self.exactVATCodes[code] = percentage
    return ["code": .string(code), "percentage": .double(Double(percentage) / 100)]
  }

  /// Adds (or replaces) a GL account: `{"code": "8010", "description": "…"}`.
  func addExactGLAccount(division: String, body: [String: JSONValue]) throws -> JSONValue {
    _ = try self.exactControlDivision(division)
    let code = try Self.controlCode(body["code"])
    let description = body["description"]?.stringValue ?? ""
    self.exactGLAccounts[code] = description
    return ["code": .string(code), "description": .string(description)]
  }

  /// Adds (or replaces) a journal: `{"code": "71", "description": "…"}`.
  func addExactJournal(division: String, body: [String: JSONValue]) throws -> JSONValue {
    _ = try self.exactControlDivision(division)
    let code = try Self.controlCode(body["code"])
    let description = body["description"]?.stringValue ?? ""
    self.exactJournals[code] = description
    return ["code": .string(code), "description": .string(description)]
  }

  // MARK: - Helpers

  /// The division in an API path: only the mock's own (another → 401, as Exact answers for a
  /// division the user has no access to).
  private func exactDivision(_ division: String) throws -> Int {
    guard let number = Int(division), number == self.configuration.exactDivision else {
      throw MockAPIError(status: 401, message: "No access to division \(division.prefix(20)).")
    }
    return number
  }

  /// The division in a control path (another → 404).
  private func exactControlDivision(_ division: String) throws -> Int {
    guard let number = Int(division), number == self.configuration.exactDivision else {
      throw MockAPIError(status: 404, message: "The mock has division \(self.configuration.exactDivision) only.")
    }
    return number
  }

  private static func exactCondition(_ filter: String) throws -> (field: String, value: String) {
    guard let condition = ODataQuery.equality(filter) else { throw Self.unsupportedFilter(filter) }
    return condition
  }

  private static func unsupportedFilter(_ filter: String) -> MockAPIError {
    MockAPIError(status: 400, message: "The provider mock does not support this $filter: \(filter.prefix(100))")
  }

  /// A text property: a string (or a whole number); nil when absent or null; 400 otherwise.
  static func exactText(_ value: JSONValue?, field: String) throws -> String? {
    switch value {
    case nil, .null?:
      return nil
    case .string(let text)?:
      guard text.count <= Self.exactTextLimit else { throw MockAPIError(status: 400, message: "\(field): too long") }
      return text
    case .int(let number)?:
      return String(number)
    default:
      throw MockAPIError(status: 400, message: "\(field): invalid value")
    }
  }

  /// A code given to a control endpoint.
  private static func controlCode(_ value: JSONValue?) throws -> String {
    switch value {
    case .string(let text)? where !text.isEmpty && text.count <= 40:
      return text
    case .int(let number)?:
      return String(number)
    default:
      throw MockAPIError.invalid("code is required (a short string).", param: "code")
    }
  }
}
