import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `--name`, `--company`, `--email`, `--phone`, `--vat-number`: a customer's contact.
struct ContactOptions: ParsableArguments {
  @Option(help: "The customer's (or contact person's) name.") var name: String?
  @Option(help: "The company.") var company: String?
  @Option(help: "E-mail address.") var email: String?
  @Option(help: "Phone number, E.164 (+31612345678).") var phone: String?
  @Option(help: "VAT identification number, for invoices to companies.") var vatNumber: String?

  var isEmpty: Bool {
    self.name == nil && self.company == nil && self.email == nil && self.phone == nil && self.vatNumber == nil
  }

  /// `contact` with the options given written over it.
  func applied(to contact: Rentguy_Common_V1_Contact) -> Rentguy_Common_V1_Contact {
    var contact = contact
    if let name = self.name { contact.name = name }
    if let company = self.company { contact.company = company }
    if let email = self.email { contact.email = email }
    if let phone = self.phone { contact.phone = phone }
    if let vatNumber = self.vatNumber { contact.vatNumber = vatNumber }
    return contact
  }
}

/// `rentguy customers list|get|create|update`.
struct CustomersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "customers", abstract: "Customers: who bookings are for and invoices go to.",
    subcommands: [List.self, Get.self, Create.self, Update.self]
  )

  static func rows(_ customers: [Rentguy_Booking_V1_Customer]) -> [Row] {
    customers.map { customer in
      let row: Row = [
        ("id", customer.id), ("name", customer.contact.name), ("company", customer.contact.company),
        ("email", customer.contact.email), ("phone", customer.contact.phone),
      ]
      return row
    }
  }

  static func detail(_ customer: Rentguy_Booking_V1_Customer) -> [Row] {
    let external = customer.externalIds.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    let more: Row = [
      ("vat_number", customer.contact.vatNumber), ("notes", customer.notes), ("external_ids", external),
      ("version", String(customer.version)),
    ]
    return [Self.rows([customer])[0] + more]
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List customers.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "A part of the name, company or e-mail.") var query: String?

    func run() async throws {
      let (query, size, token) = (self.query, self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listCustomers(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.query = query ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: CustomersCommand.rows(response.customers))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a customer.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer's id (cus_…).") var id: String

    func run() async throws {
      let id = self.id
      let customer = try await global.call { try await $0.booking.getCustomer(.with { $0.customerID = id }).customer }
      OutputPrinter(format: global.output).print(rows: CustomersCommand.detail(customer))
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a customer (a name, and an e-mail or phone).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var contact: ContactOptions
    @Option(help: "Notes.") var notes: String?

    func validate() throws {
      guard contact.name != nil else { throw ValidationError("--name is required") }
      guard contact.email != nil || contact.phone != nil else { throw ValidationError("give --email or --phone") }
    }

    func run() async throws {
      var customer = Rentguy_Booking_V1_Customer()
      customer.contact = self.contact.applied(to: Rentguy_Common_V1_Contact())
      customer.notes = self.notes ?? ""
      let created = customer
      let key = UUID().uuidString
      let result = try await global.call { client in
        try await client.booking.createCustomer(.with {
          $0.idempotencyKey = key
          $0.customer = created
        }).customer
      }
      OutputPrinter(format: global.output).print(rows: CustomersCommand.detail(result))
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a customer (only the options given).",
      discussion: "Contact fields are merged into the customer's current contact, which is then written as a whole."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer's id (cus_…).") var id: String
    @OptionGroup var contact: ContactOptions
    @Option(help: "Notes (replaces them).") var notes: String?
    @Option(help: "Fail unless the customer is at this version (default: the version read before the change).")
    var expectedVersion: Int64 = 0

    func run() async throws {
      guard !self.contact.isEmpty || self.notes != nil else {
        throw ValidationError("nothing to change: give --name, --company, --email, --phone, --vat-number or --notes")
      }
      let (id, notes, version) = (self.id, self.notes, self.expectedVersion)
      let changesContact = !self.contact.isEmpty
      let (name, company, email, phone, vatNumber) = (
        self.contact.name, self.contact.company, self.contact.email, self.contact.phone, self.contact.vatNumber
      )
      let updated = try await global.call { client -> Rentguy_Booking_V1_Customer in
        let current = try await client.booking.getCustomer(.with { $0.customerID = id }).customer
        var changed = Rentguy_Booking_V1_Customer()
        changed.id = current.id
        var paths: [String] = []
        if changesContact {
          var contact = current.contact
          if let name { contact.name = name }
          if let company { contact.company = company }
          if let email { contact.email = email }
          if let phone { contact.phone = phone }
          if let vatNumber { contact.vatNumber = vatNumber }
          changed.contact = contact
          paths.append("contact")
        }
        if let notes {
          changed.notes = notes
          paths.append("notes")
        }
        let (customer, fields) = (changed, paths)
        return try await client.booking.updateCustomer(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.customer = customer
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version == 0 ? current.version : version
        }).customer
      }
      OutputPrinter(format: global.output).print(rows: CustomersCommand.detail(updated))
    }
  }
}
