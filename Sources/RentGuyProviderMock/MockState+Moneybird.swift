import Foundation

/// Moneybird: administrations (made and seeded on first use), contacts, sales invoices and their
/// payments. Errors: 404 `{"error":"record not found"}`, 422 `{"error":{"field":["message"]}}`
/// (``MockAPIError/unprocessable(_:field:)``), 400 for a missing wrapper object.
extension MockState {
  /// At most this many administrations (a hostile caller cannot make the mock grow without end).
  static let moneybirdAdministrationCapacity = 100
  /// At most this many lines on one invoice.
  static let moneybirdDetailLimit = 500
  /// The longest text field accepted.
  static let moneybirdTextLimit = 1000

  static var moneybirdNotFound: MockAPIError {
    MockAPIError(status: 404, message: "record not found")
  }

  // MARK: - Administrations

  /// The administration `id`, made on first use with the seeded tax rates (`mb_tax_21` 21 %,
  /// `mb_tax_9` 9 %, `mb_tax_0` 0 %) and ledger account (`mb_ledger_8000` "Omzet verhuur").
  func moneybirdAdministration(_ id: String) throws -> MoneybirdRecords.Administration {
    if let existing = self.moneybirdAdministrations[id] { return existing }
    guard Self.isMoneybirdAdministrationID(id), self.moneybirdAdministrationOrder.count < Self.moneybirdAdministrationCapacity else {
      throw Self.moneybirdNotFound
    }
    let administration = MoneybirdRecords.Administration(
      id: id,
      name: id == self.configuration.moneybirdAdministrationID ? "RentGuy Mock" : "Administratie \(id)",
      taxRates: [
        MoneybirdRecords.TaxRate(id: "mb_tax_21", name: "21% btw", percentage: 2100, type: "sales_invoice"),
        MoneybirdRecords.TaxRate(id: "mb_tax_9", name: "9% btw", percentage: 900, type: "sales_invoice"),
        MoneybirdRecords.TaxRate(id: "mb_tax_0", name: "0% btw", percentage: 0, type: "sales_invoice"),
      ],
      ledgerAccounts: [
        MoneybirdRecords.LedgerAccount(id: "mb_ledger_8000", name: "Omzet verhuur", accountType: "revenue")
      ]
    )
    self.moneybirdAdministrations[id] = administration
    self.moneybirdAdministrationOrder.append(id)
    return administration
  }

  /// `GET /api/v2/administrations.json`: the configured administration first, then any other used.
  func moneybirdAdministrationList() -> JSONValue {
    _ = try? self.moneybirdAdministration(self.configuration.moneybirdAdministrationID)
    let administrations = self.moneybirdAdministrationOrder.compactMap { self.moneybirdAdministrations[$0] }
    return .array(administrations.map { MoneybirdObjects.administration($0) })
  }

  func moneybirdTaxRates(administration: String) throws -> JSONValue {
    let setup = try self.moneybirdAdministration(administration)
    return .array(setup.taxRates.map { MoneybirdObjects.taxRate($0, administrationID: administration) })
  }

  func moneybirdLedgerAccounts(administration: String) throws -> JSONValue {
    let setup = try self.moneybirdAdministration(administration)
    return .array(setup.ledgerAccounts.map { MoneybirdObjects.ledgerAccount($0, administrationID: administration) })
  }

  // MARK: - Contacts

  func moneybirdContact(administration: String, customerID: String) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    guard let id = self.moneybirdContactIDsByCustomerID[Self.moneybirdKey(administration, customerID)],
      let contact = self.moneybirdContacts[id]
    else { throw Self.moneybirdNotFound }
    return MoneybirdObjects.contact(contact)
  }

  func moneybirdContact(administration: String, id: String) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    guard let contact = self.moneybirdContacts[id], contact.administrationID == administration else {
      throw Self.moneybirdNotFound
    }
    return MoneybirdObjects.contact(contact)
  }

  /// `GET /contacts.json?query=…`: contacts whose e-mail, names or customer number contain the
  /// query (any case), oldest first, one page.
  func moneybirdContactList(administration: String, query: String?, page: Int, perPage: Int) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    let needle = (query ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    let matches = self.moneybirdContacts.values
      .filter { $0.administrationID == administration && (needle.isEmpty || Self.contact($0, matches: needle)) }
      .sorted { $0.id < $1.id }
    return .array(Self.page(matches, page: page, perPage: perPage).map { MoneybirdObjects.contact($0) })
  }

  func createMoneybirdContact(administration: String, body: JSONValue) throws -> JSONValue {
    var setup = try self.moneybirdAdministration(administration)
    guard let fields = body["contact"]?.objectValue else {
      throw MockAPIError(status: 400, message: "Parameter contact is required")
    }
    let companyName = try Self.moneybirdText(fields["company_name"], field: "company_name") ?? ""
    let firstname = try Self.moneybirdText(fields["firstname"], field: "firstname") ?? ""
    let lastname = try Self.moneybirdText(fields["lastname"], field: "lastname") ?? ""
    let email = (try Self.moneybirdText(fields["email"], field: "email") ?? "").trimmingCharacters(in: .whitespaces)
    let address1 = try Self.moneybirdText(fields["address1"], field: "address1") ?? ""
    let zipcode = try Self.moneybirdText(fields["zipcode"], field: "zipcode") ?? ""
    let city = try Self.moneybirdText(fields["city"], field: "city") ?? ""
    let country = (try Self.moneybirdText(fields["country"], field: "country") ?? "").uppercased()
    var customerID = (try Self.moneybirdText(fields["customer_id"], field: "customer_id") ?? "").trimmingCharacters(in: .whitespaces)
    guard [companyName, firstname, lastname].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
      throw MockAPIError.unprocessable("Company name, firstname or lastname can't be empty", field: "company_name")
    }
    if !email.isEmpty {
      let parts = email.split(separator: "@", omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(" ") else {
        throw MockAPIError.unprocessable("is invalid", field: "email")
      }
    }
    if !country.isEmpty {
      guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
        throw MockAPIError.unprocessable("is invalid", field: "country")
      }
    }
    if customerID.isEmpty {
      repeat {
        setup.lastCustomerNumber += 1
        customerID = String(setup.lastCustomerNumber)
      } while self.moneybirdContactIDsByCustomerID[Self.moneybirdKey(administration, customerID)] != nil
      self.moneybirdAdministrations[administration] = setup
    } else if self.moneybirdContactIDsByCustomerID[Self.moneybirdKey(administration, customerID)] != nil {
      throw MockAPIError.unprocessable("is already taken", field: "customer_id")
    }
    let contact = MoneybirdRecords.Contact(
      id: self.nextMoneybirdID(),
      administrationID: administration,
      customerID: customerID,
      companyName: companyName,
      firstname: firstname,
      lastname: lastname,
      email: email,
      address1: address1,
      zipcode: zipcode,
      city: city,
      country: country,
      createdAt: Date()
    )
    self.moneybirdContacts[contact.id] = contact
    self.moneybirdContactIDsByCustomerID[Self.moneybirdKey(administration, customerID)] = contact.id
    return MoneybirdObjects.contact(contact)
  }

  // MARK: - Sales invoices

  /// `GET /sales_invoices.json?filter=state:all,reference:…`: the invoices matching the filter
  /// (`state:` `all` or states joined by `|`, `reference:` exactly, `contact_id:`), oldest first,
  /// one page.
  func moneybirdSalesInvoices(administration: String, filter: String?, page: Int, perPage: Int) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    let criteria = Self.moneybirdFilter(filter ?? "")
    var states: Set<String>?
    if let state = criteria["state"], state != "all", !state.isEmpty {
      states = Set(state.split(separator: "|").map(String.init))
    }
    let candidates: [MoneybirdRecords.SalesInvoice]
    if let reference = criteria["reference"] {
      let ids = self.moneybirdInvoiceIDsByReference[Self.moneybirdKey(administration, reference)] ?? []
      candidates = ids.compactMap { self.moneybirdInvoices[$0] }
    } else {
      candidates = self.moneybirdInvoices.values.filter { $0.administrationID == administration }
    }
    let contactID = criteria["contact_id"]
    let selected =
      candidates
      .filter { invoice in
        (states.map { $0.contains(invoice.state) } ?? true) && (contactID.map { $0 == invoice.contactID } ?? true)
      }
      .sorted { $0.id < $1.id }
    return .array(Self.page(selected, page: page, perPage: perPage).map { MoneybirdObjects.salesInvoice($0) })
  }

  func moneybirdSalesInvoice(administration: String, id: String) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    return MoneybirdObjects.salesInvoice(try self.existingMoneybirdInvoice(administration: administration, id: id))
  }

  /// `POST /sales_invoices.json`: tax per line, rounded half away from zero in cents; totals are
  /// the sums. Negative prices make a credit note.
  func createMoneybirdSalesInvoice(administration: String, body: JSONValue) throws -> JSONValue {
    let setup = try self.moneybirdAdministration(administration)
    guard let fields = body["sales_invoice"]?.objectValue else {
      throw MockAPIError(status: 400, message: "Parameter sales_invoice is required")
    }
    guard let contactID = try Self.moneybirdText(fields["contact_id"], field: "contact_id"), !contactID.isEmpty else {
      throw MockAPIError.unprocessable("can't be blank", field: "contact_id")
    }
    guard let contact = self.moneybirdContacts[contactID], contact.administrationID == administration else {
      throw MockAPIError.unprocessable("does not exist", field: "contact_id")
    }
    let reference = try Self.moneybirdText(fields["reference"], field: "reference") ?? ""
    let invoiceDate = try Self.moneybirdText(fields["invoice_date"], field: "invoice_date") ?? CalendarDay.today()
    guard CalendarDay.isValid(invoiceDate) else { throw MockAPIError.unprocessable("is invalid", field: "invoice_date") }
    let currency = (try Self.moneybirdText(fields["currency"], field: "currency") ?? "EUR").uppercased()
    guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
      throw MockAPIError.unprocessable("is invalid", field: "currency")
    }
    var pricesAreIncludingTax = false
    if let value = fields["prices_are_incl_tax"], !value.isNull {
      guard case .bool(let flag) = value else { throw MockAPIError.unprocessable("is invalid", field: "prices_are_incl_tax") }
      pricesAreIncludingTax = flag
    }
    let workflowID = try Self.moneybirdText(fields["workflow_id"], field: "workflow_id")
    let lines = try Self.moneybirdDetailList(fields["details_attributes"])
    guard !lines.isEmpty else { throw MockAPIError.unprocessable("can't be blank", field: "details") }
    guard lines.count <= Self.moneybirdDetailLimit else {
      throw MockAPIError.unprocessable("has more than \(Self.moneybirdDetailLimit) lines", field: "details")
    }
    var details: [MoneybirdRecords.Detail] = []
    for line in lines {
      guard let object = line.objectValue else { throw MockAPIError.unprocessable("is invalid", field: "details") }
      let description = try Self.moneybirdText(object["description"], field: "details.description") ?? ""
      guard let priceValue = object["price"], !priceValue.isNull else {
        throw MockAPIError.unprocessable("can't be blank", field: "details.price")
      }
      guard let price = Cents.from(priceValue) else { throw MockAPIError.unprocessable("is invalid", field: "details.price") }
      let amount: String
      if case .double(let number)? = object["amount"] {
        amount = "\(number)"
      } else {
        amount = (try Self.moneybirdText(object["amount"], field: "details.amount") ?? "1").trimmingCharacters(in: .whitespaces)
      }
      guard let quantity = Self.moneybirdQuantity(amount) else {
        throw MockAPIError.unprocessable("is invalid", field: "details.amount")
      }
      guard let taxRateID = try Self.moneybirdText(object["tax_rate_id"], field: "details.tax_rate_id"),
        let rate = setup.taxRate(taxRateID)
      else { throw MockAPIError.unprocessable("is invalid", field: "details.tax_rate_id") }
      guard let ledgerAccountID = try Self.moneybirdText(object["ledger_account_id"], field: "details.ledger_account_id"),
        setup.ledgerAccount(ledgerAccountID) != nil
      else { throw MockAPIError.unprocessable("is invalid", field: "details.ledger_account_id") }
      let totals = try Self.moneybirdLine(
        price: price, quantity: quantity, percentage: rate.percentage, includingTax: pricesAreIncludingTax)
      details.append(
        MoneybirdRecords.Detail(
          id: self.nextMoneybirdID(),
          description: description,
          price: price,
          amount: amount,
          taxRateID: taxRateID,
          ledgerAccountID: ledgerAccountID,
          totalExcludingTax: totals.excludingTax,
          tax: totals.tax
        )
      )
    }
    let number = setup.lastInvoiceNumber + 1
    self.moneybirdAdministrations[administration]?.lastInvoiceNumber = number
    let now = Date()
    let invoice = MoneybirdRecords.SalesInvoice(
      id: self.nextMoneybirdID(),
      administrationID: administration,
      contactID: contact.id,
      invoiceNumber: "\(invoiceDate.prefix(4))-\(CalendarDay.padded(number, 4))",
      reference: reference,
      invoiceDate: invoiceDate,
      currency: currency,
      pricesAreIncludingTax: pricesAreIncludingTax,
      workflowID: workflowID,
      details: details,
      payments: [],
      createdAt: now,
      updatedAt: now
    )
    self.moneybirdInvoices[invoice.id] = invoice
    self.moneybirdInvoiceIDsByReference[Self.moneybirdKey(administration, reference), default: []].append(invoice.id)
    return MoneybirdObjects.salesInvoice(invoice)
  }

  /// `POST /sales_invoices/{id}/payments.json`; the same `transaction_identifier` twice on one
  /// invoice → 422 (a retry after a crash).
  func createMoneybirdPayment(administration: String, invoiceID: String, body: JSONValue) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    var invoice = try self.existingMoneybirdInvoice(administration: administration, id: invoiceID)
    guard let fields = body["payment"]?.objectValue else {
      throw MockAPIError(status: 400, message: "Parameter payment is required")
    }
    guard let paymentDate = try Self.moneybirdText(fields["payment_date"], field: "payment_date"), CalendarDay.isValid(paymentDate) else {
      throw MockAPIError.unprocessable("is invalid", field: "payment_date")
    }
    guard let priceValue = fields["price"], !priceValue.isNull else {
      throw MockAPIError.unprocessable("can't be blank", field: "price")
    }
    guard let price = Cents.from(priceValue), price != 0 else { throw MockAPIError.unprocessable("is invalid", field: "price") }
    let transactionIdentifier =
      try Self.moneybirdText(fields["transaction_identifier"], field: "transaction_identifier") ?? ""
    if !transactionIdentifier.isEmpty, invoice.payments.contains(where: { $0.transactionIdentifier == transactionIdentifier }) {
      throw MockAPIError.unprocessable("is already taken", field: "transaction_identifier")
    }
    let financialAccountID = try Self.moneybirdText(fields["financial_account_id"], field: "financial_account_id")
    let now = Date()
    let payment = MoneybirdRecords.Payment(
      id: self.nextMoneybirdID(),
      paymentDate: paymentDate,
      price: price,
      transactionIdentifier: transactionIdentifier,
      financialAccountID: financialAccountID,
      createdAt: now
    )
    invoice.payments.append(payment)
    invoice.updatedAt = now
    self.moneybirdInvoices[invoice.id] = invoice
    return MoneybirdObjects.payment(payment, invoice: invoice)
  }

  // MARK: - Controls

  /// Every sales invoice of `administration` (oldest first), for tests.
  func moneybirdInvoicesSnapshot(administration: String) -> JSONValue {
    let invoices = self.moneybirdInvoices.values.filter { $0.administrationID == administration }.sorted { $0.id < $1.id }
    return [
      "administration_id": .string(administration),
      "count": .int(invoices.count),
      "total_price_incl_tax": .string(Cents.format(invoices.reduce(0) { $0 + $1.totalIncludingTax })),
      "sales_invoices": .array(invoices.map { MoneybirdObjects.salesInvoice($0) }),
    ]
  }

  /// Every contact of `administration` (oldest first), for tests.
  func moneybirdContactsSnapshot(administration: String) -> JSONValue {
    let contacts = self.moneybirdContacts.values.filter { $0.administrationID == administration }.sorted { $0.id < $1.id }
    return [
      "administration_id": .string(administration),
      "count": .int(contacts.count),
      "contacts": .array(contacts.map { MoneybirdObjects.contact($0) }),
    ]
  }

  /// Forgets a sales invoice (a test of "missing at the provider"); returns it as it was.
  func deleteMoneybirdInvoice(administration: String, id: String) throws -> JSONValue {
    let invoice = try self.existingMoneybirdInvoice(administration: administration, id: id)
    self.moneybirdInvoices[id] = nil
    let key = Self.moneybirdKey(administration, invoice.reference)
    let remaining = (self.moneybirdInvoiceIDsByReference[key] ?? []).filter { $0 != id }
    self.moneybirdInvoiceIDsByReference[key] = remaining.isEmpty ? nil : remaining
    return ["deleted": MoneybirdObjects.salesInvoice(invoice)]
  }

  /// Forgets a contact; returns it as it was.
  func deleteMoneybirdContact(administration: String, id: String) throws -> JSONValue {
    guard let contact = self.moneybirdContacts[id], contact.administrationID == administration else {
      throw Self.moneybirdNotFound
    }
    self.moneybirdContacts[id] = nil
    self.moneybirdContactIDsByCustomerID[Self.moneybirdKey(administration, contact.customerID)] = nil
    return ["deleted": MoneybirdObjects.contact(contact)]
  }

  /// Adds (or replaces, by id) a tax rate: `{"id"?, "name", "percentage": "21.0" | 21, "tax_rate_type"?}`.
  func addMoneybirdTaxRate(administration: String, body: [String: JSONValue]) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    guard let name = body["name"]?.stringValue, !name.isEmpty, name.count <= Self.moneybirdTextLimit else {
      throw MockAPIError.invalid("name is required.", param: "name")
    }
    guard let percentage = Cents.from(body["percentage"]), (0...10_000).contains(percentage) else {
      throw MockAPIError.invalid("percentage must be from 0 to 100, e.g. \"21.0\".", param: "percentage")
    }
    let id = try Self.controlID(body["id"]) ?? self.nextMoneybirdID()
    let rate = MoneybirdRecords.TaxRate(
      id: id, name: name, percentage: percentage, type: body["tax_rate_type"]?.stringValue ?? "sales_invoice")
    self.moneybirdAdministrations[administration]?.taxRates.removeAll { $0.id == id }
    self.moneybirdAdministrations[administration]?.taxRates.append(rate)
    return MoneybirdObjects.taxRate(rate, administrationID: administration)
  }

  /// Adds (or replaces, by id) a ledger account: `{"id"?, "name", "account_type"?}`.
  func addMoneybirdLedgerAccount(administration: String, body: [String: JSONValue]) throws -> JSONValue {
    _ = try self.moneybirdAdministration(administration)
    guard let name = body["name"]?.stringValue, !name.isEmpty, name.count <= Self.moneybirdTextLimit else {
      throw MockAPIError.invalid("name is required.", param: "name")
    }
    let id = try Self.controlID(body["id"]) ?? self.nextMoneybirdID()
    let account = MoneybirdRecords.LedgerAccount(id: id, name: name, accountType: body["account_type"]?.stringValue ?? "revenue")
    self.moneybirdAdministrations[administration]?.ledgerAccounts.removeAll { $0.id == id }
    self.moneybirdAdministrations[administration]?.ledgerAccounts.append(account)
    return MoneybirdObjects.ledgerAccount(account, administrationID: administration)
  }

  // MARK: - Helpers

  /// The next 18-digit id (`400000000000000001`, …; sorted as text they are in creation order).
  func nextMoneybirdID() -> String {
    self.moneybirdLastID += 1
    return String(400_000_000_000_000_000 + self.moneybirdLastID)
  }

  private func existingMoneybirdInvoice(administration: String, id: String) throws -> MoneybirdRecords.SalesInvoice {
    guard let invoice = self.moneybirdInvoices[id], invoice.administrationID == administration else {
      throw Self.moneybirdNotFound
    }
    return invoice
  }

  /// The key of the per-administration indexes.
  static func moneybirdKey(_ administration: String, _ value: String) -> String {
    "\(administration)\u{0}\(value)"
  }

  /// 1–64 letters, digits, `_` or `-`.
  static func isMoneybirdAdministrationID(_ id: String) -> Bool {
    (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
  }

  /// A text field: a string (or a whole number, as Moneybird takes ids); nil when absent or null;
  /// 422 for anything else or longer than ``moneybirdTextLimit``.
  static func moneybirdText(_ value: JSONValue?, field: String) throws -> String? {
    switch value {
    case nil, .null?:
      return nil
    case .string(let text)?:
      guard text.count <= Self.moneybirdTextLimit else { throw MockAPIError.unprocessable("is too long", field: field) }
      return text
    case .int(let number)?:
      return String(number)
    default:
      throw MockAPIError.unprocessable("is invalid", field: field)
    }
  }

  /// An id given to a control endpoint (nil: make one).
  private static func controlID(_ value: JSONValue?) throws -> String? {
    switch value {
    case nil, .null?:
      return nil
    case .string(let text)? where !text.isEmpty && text.count <= 64:
      return text
    case .int(let number)?:
      return String(number)
    default:
      throw MockAPIError.invalid("id must be a short string.", param: "id")
    }
  }

  /// `details_attributes`: an array, or Rails' object keyed by index (`{"0": {…}}`).
  static func moneybirdDetailList(_ value: JSONValue?) throws -> [JSONValue] {
    switch value {
    case nil, .null?:
      return []
    case .array(let items)?:
      return items
    case .object(let byIndex)?:
      let keys = byIndex.keys.sorted { (Int($0) ?? Int.max, $0) < (Int($1) ?? Int.max, $1) }
      return keys.compactMap { byIndex[$0] }
    default:
      throw MockAPIError.unprocessable("is invalid", field: "details")
    }
  }

  /// A quantity in hundredths: `"1"` → 100, `"2.5"` → 250, `"3 x"` → 300; nil when not a number
  /// with at most two decimals.
  static func moneybirdQuantity(_ text: String) -> Int? {
    var text = text.trimmingCharacters(in: .whitespaces)
    if text.hasSuffix("x") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
    return Cents.parse(text)
  }

  /// A line's total excluding tax and its tax, in cents, from the price (cents) and the quantity
  /// (hundredths): tax = price × quantity × rate, rounded half away from zero once; with prices
  /// including tax, the tax is taken out of the rounded line total instead.
  static func moneybirdLine(price: Int, quantity: Int, percentage: Int, includingTax: Bool) throws -> (excludingTax: Int, tax: Int) {
    let gross = Int128(price) * Int128(quantity)
    let total = Cents.divide(gross, by: 100)
    let tax: Int128
    let excludingTax: Int128
    if includingTax {
      tax = Cents.divide(total * Int128(percentage), by: Int128(10_000 + percentage))
      excludingTax = total - tax
    } else {
      tax = Cents.divide(gross * Int128(percentage), by: 1_000_000)
      excludingTax = total
    }
    guard let excluding = Int(exactly: excludingTax), let taxCents = Int(exactly: tax),
      excluding.magnitude <= UInt(Cents.limit), taxCents.magnitude <= UInt(Cents.limit)
    else { throw MockAPIError.unprocessable("is too large", field: "details.price") }
    return (excluding, taxCents)
  }

  /// `state:all,reference:RG-1` → `["state": "all", "reference": "RG-1"]`; a part without a
  /// `key:` belongs to the value before it (a reference with a comma).
  static func moneybirdFilter(_ text: String) -> [String: String] {
    var criteria: [String: String] = [:]
    var lastKey: String?
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      if let colon = part.firstIndex(of: ":"), !part[..<colon].isEmpty,
        part[..<colon].allSatisfy({ $0 == "_" || ($0.isASCII && $0.isLowercase) })
      {
        let key = String(part[..<colon])
        criteria[key] = String(part[part.index(after: colon)...])
        lastKey = key
      } else if let key = lastKey {
        criteria[key, default: ""] += "," + String(part)
      }
    }
    return criteria
  }

  /// Page `page` (from 1) of `items`, `perPage` a page.
  static func page<Item>(_ items: [Item], page: Int, perPage: Int) -> ArraySlice<Item> {
    let start = (page - 1) * perPage
    guard start >= 0, start < items.count else { return [] }
    return items[start..<min(items.count, start + perPage)]
  }

  private static func contact(_ contact: MoneybirdRecords.Contact, matches needle: String) -> Bool {
    [contact.email, contact.companyName, contact.firstname, contact.lastname, "\(contact.firstname) \(contact.lastname)", contact.customerID]
      .contains { $0.lowercased().contains(needle) }
  }
}
