import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Customers, and leads from marketing and partner sites.
extension BookingService {
  // MARK: - Customers

  /// A validated contact: a name, and an e-mail address or a phone number.
  static func contact(_ contact: Rentguy_Common_V1_Contact, field: String) throws -> Rentguy_Common_V1_Contact {
    var contact = contact
    contact.name = contact.name.trimmingCharacters(in: .whitespaces)
    contact.email = contact.email.trimmingCharacters(in: .whitespaces)
    guard (1...200).contains(contact.name.count) else { throw BookingError.invalidArgument("\(field).name", "must have 1 to 200 characters") }
    guard !contact.email.isEmpty || !contact.phone.isEmpty else {
      throw BookingError.invalidArgument("\(field).email", "an e-mail address or a phone number is required")
    }
    if !contact.email.isEmpty {
      guard contact.email.count <= 254, contact.email.contains("@"), !contact.email.contains(" ") else {
        throw BookingError.invalidArgument("\(field).email", "must be an e-mail address")
      }
    }
    guard contact.phone.count <= 32 else { throw BookingError.invalidArgument("\(field).phone", "must have at most 32 characters") }
    return contact
  }

  static func storedCustomer(_ contact: Rentguy_Common_V1_Contact, billing: Rentguy_Common_V1_Address?, notes: String, now: Int64) throws
    -> StoredCustomer
  {
    StoredCustomer(
      id: Identifier.make("cus"), name: contact.name, company: contact.company, email: contact.email, contactJSON: try contact.jsonString(),
      billingAddressJSON: try billing?.jsonString() ?? "{}", notes: notes, createdAt: now
    )
  }

  public func createCustomer(
    request: Rentguy_Booking_V1_CreateCustomerRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CreateCustomerResponse {
    let contact = try Self.contact(request.customer.contact, field: "customer.contact")
    let billing = request.customer.hasBillingAddress ? request.customer.billingAddress : nil
    let notes = request.customer.notes
    return try await self.mutate("CreateCustomer", context) { db, mutation in
      let customer = try Self.storedCustomer(contact, billing: billing, notes: notes, now: mutation.now)
      try db.insertCustomer(customer)
      try mutation.audit(customer.id, "created customer \(contact.name)", in: db)
      return try mutation.respond(.with { $0.customer = Rentguy_Booking_V1_Customer(customer) })
    }
  }

  public func getCustomer(
    request: Rentguy_Booking_V1_GetCustomerRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_GetCustomerResponse {
    let id = try Self.required(request.customerID, field: "customer_id")
    return try await self.repository.read { db in
      guard let customer = try db.customer(id) else { throw BookingError.notFound("customer", id) }
      return .with { $0.customer = Rentguy_Booking_V1_Customer(customer) }
    }
  }

  public func listCustomers(
    request: Rentguy_Booking_V1_ListCustomersRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListCustomersResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let page = Self.page(try db.customers(query: request.query.isEmpty ? nil : request.query, after: after, limit: size + 1), size: size, id: \.id)
      return .with {
        $0.customers = page.items.map(Rentguy_Booking_V1_Customer.init)
        $0.nextPageToken = page.next
      }
    }
  }

  public func updateCustomer(
    request: Rentguy_Booking_V1_UpdateCustomerRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UpdateCustomerResponse {
    let id = try Self.required(request.customer.id, field: "customer.id")
    let paths = try Self.mask(request.updateMask.paths, allowed: ["contact", "billing_address", "notes"])
    let input = request.customer
    let contact = paths.contains("contact") ? try Self.contact(input.contact, field: "customer.contact") : nil
    let expected = request.expectedVersion
    return try await self.mutate("UpdateCustomer", context) { db, mutation in
      guard var customer = try db.customer(id) else { throw BookingError.notFound("customer", id) }
      guard expected == 0 || expected == customer.version else {
        throw BookingError.versionMismatch("customer", id, is: customer.version, expected: expected)
      }
      if let contact {
        customer.contactJSON = try contact.jsonString()
        customer.name = contact.name
        customer.company = contact.company
        customer.email = contact.email
      }
      if paths.contains("billing_address") { customer.billingAddressJSON = input.hasBillingAddress ? try input.billingAddress.jsonString() : "{}" }
      if paths.contains("notes") { customer.notes = input.notes }
      try db.updateCustomer(customer)
      customer.version += 1
      try mutation.audit(id, "changed \(paths.sorted().joined(separator: ", "))", in: db)
      return try mutation.respond(.with { $0.customer = Rentguy_Booking_V1_Customer(customer) })
    }
  }

  // MARK: - Leads

  public func submitLead(
    request: Rentguy_Booking_V1_SubmitLeadRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_SubmitLeadResponse {
    let principal = try Self.caller()
    // The source is who calls: a site's API key by its name, else the staff member.
    let source: String
    if case .apiKey = principal.kind { source = principal.displayName } else { source = "staff:" + principal.displayName }
    var lead = request.lead
    lead.contact = try Self.contact(lead.contact, field: "lead.contact")
    guard lead.contactConsent else { throw BookingError.invalidArgument("lead.contact_consent", "the customer must agree to be contacted") }
    let usage = try Self.usage(lead.schedule, field: "lead.schedule")
    lead.items = try Self.items(lead.items, field: "lead.items")
    guard lead.message.count <= 10_000 else { throw BookingError.invalidArgument("lead.message", "must have at most 10000 characters") }
    guard (0...100_000).contains(lead.guestCount) else { throw BookingError.invalidArgument("lead.guest_count", "must be 0 to 100000") }
    lead.id = ""
    lead.status = .new
    lead.source = source
    lead.bookingID = ""
    lead.rejectionReason = ""
    lead.clearReceivedAt()
    let key = request.idempotencyKey.isEmpty ? Identifier.make("sub") : request.idempotencyKey
    let submitted = lead
    return try await self.mutate("SubmitLead", context) { db, mutation in
      let stored: StoredLead
      if let existing = try db.lead(source: source, sourceRequestID: key) {
        stored = existing
      } else {
        stored = StoredLead(
          id: Identifier.make("led"), status: Rentguy_Booking_V1_LeadStatus.new.rawValue, source: source, sourceRequestID: key,
          payload: try submitted.serializedBytes(), receivedAt: mutation.now
        )
        try db.insertLead(stored)
        try mutation.audit(stored.id, "lead from \(source)", in: db)
      }
      let stated = Rentguy_Booking_V1_Lead(stored)
      var response = Rentguy_Booking_V1_SubmitLeadResponse()
      response.lead = stated
      if !stated.items.isEmpty {
        response.availability = try self.publicAvailability(items: stated.items, schedule: stated.schedule, usage: usage, db)
      }
      return try mutation.respond(response)
    }
  }

  public func getLead(request: Rentguy_Booking_V1_GetLeadRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_GetLeadResponse {
    let id = try Self.required(request.leadID, field: "lead_id")
    return try await self.repository.read { db in
      guard let lead = try db.lead(id) else { throw BookingError.notFound("lead", id) }
      return .with { $0.lead = Rentguy_Booking_V1_Lead(lead) }
    }
  }

  public func listLeads(request: Rentguy_Booking_V1_ListLeadsRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_ListLeadsResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    return try await self.repository.read { db in
      let found = try db.leads(
        status: request.status == .unspecified ? nil : request.status.rawValue, source: request.source.isEmpty ? nil : request.source,
        after: after, limit: size + 1
      )
      let page = Self.page(found, size: size, id: \.id)
      return .with {
        $0.leads = page.items.map(Rentguy_Booking_V1_Lead.init)
        $0.nextPageToken = page.next
      }
    }
  }

  public func rejectLead(request: Rentguy_Booking_V1_RejectLeadRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_RejectLeadResponse {
    let id = try Self.required(request.leadID, field: "lead_id")
    let reason = request.reason.trimmingCharacters(in: .whitespaces)
    guard (1...2000).contains(reason.count) else { throw BookingError.invalidArgument("reason", "must have 1 to 2000 characters") }
    return try await self.mutate("RejectLead", context) { db, mutation in
      guard var lead = try db.lead(id) else { throw BookingError.notFound("lead", id) }
      try Self.requireNew(lead)
      lead.status = Rentguy_Booking_V1_LeadStatus.rejected.rawValue
      lead.rejectionReason = reason
      try db.updateLead(lead)
      try mutation.audit(id, "rejected: \(reason)", in: db)
      return try mutation.respond(.with { $0.lead = Rentguy_Booking_V1_Lead(lead) })
    }
  }

  public func convertLead(
    request: Rentguy_Booking_V1_ConvertLeadRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ConvertLeadResponse {
    let id = try Self.required(request.leadID, field: "lead_id")
    let customerID = request.customerID
    return try await self.mutate("ConvertLead", context) { db, mutation in
      guard var stored = try db.lead(id) else { throw BookingError.notFound("lead", id) }
      try Self.requireNew(stored)
      let lead = Rentguy_Booking_V1_Lead(stored)
      let customer: String
      if customerID.isEmpty {
        let created = try Self.storedCustomer(lead.contact, billing: nil, notes: "From lead \(id) (\(lead.source))", now: mutation.now)
        try db.insertCustomer(created)
        customer = created.id
      } else {
        guard try db.customer(customerID) != nil else { throw BookingError.invalidArgument("customer_id", "'\(customerID)' is not a customer") }
        customer = customerID
      }
      var input = Rentguy_Booking_V1_CreateBookingRequest()
      input.customerID = customer
      input.title = [lead.eventType, lead.contact.name].filter { !$0.isEmpty }.joined(separator: " — ")
      input.venue = lead.venue
      input.schedule = lead.schedule
      input.notes = [lead.packageName, lead.message].filter { !$0.isEmpty }.joined(separator: "\n")
      input.lines = lead.items.map { item in
        var line = Rentguy_Booking_V1_BookingLineInput()
        switch item.item {
        case .productID(let product): line.productID = product
        case .kitID(let kit): line.kitID = kit
        case nil: break
        }
        line.quantity = item.quantity
        return line
      }
      var booking = try self.newBooking(input, leadID: id, db, mutation)
      booking.leadID = id
      try db.insertBooking(booking)
      try mutation.event(.created, booking, in: db)
      stored.status = Rentguy_Booking_V1_LeadStatus.converted.rawValue
      stored.bookingID = booking.id
      try db.updateLead(stored)
      try mutation.audit(id, "converted into booking \(booking.number)", in: db)
      return try mutation.respond(.with {
        $0.lead = Rentguy_Booking_V1_Lead(stored)
        $0.booking = mutation.proto(booking)
      })
    }
  }

  private static func requireNew(_ lead: StoredLead) throws {
    guard lead.status == Rentguy_Booking_V1_LeadStatus.new.rawValue else {
      let state = lead.status == Rentguy_Booking_V1_LeadStatus.converted.rawValue ? "CONVERTED" : "REJECTED"
      throw BookingError(.failedPrecondition, "the lead is \(state) already (only NEW leads can be converted or rejected)", reason: .stateConflict)
    }
  }
}
