import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy leads list|get|convert|reject|submit`.
struct LeadsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "leads", abstract: "Leads: enquiries from marketing and partner sites.",
    subcommands: [List.self, Get.self, Convert.self, Reject.self, Submit.self]
  )

  /// `"prd_a=2,kit_b=1"`.
  static func items(_ items: [Rentguy_Booking_V1_ItemRequest]) -> String {
    items.map { item in "\(item.productID.isEmpty ? item.kitID : item.productID)=\(item.quantity)" }.joined(separator: ",")
  }

  static func rows(_ leads: [Rentguy_Booking_V1_Lead], render: Render) -> [Row] {
    leads.map { lead in
      let received = lead.hasReceivedAt ? render.time(lead.receivedAt) : ""
      let row: Row = [
        ("id", lead.id), ("status", BookingFormat.name(lead.status)), ("source", lead.source), ("name", lead.contact.name),
        ("email", lead.contact.email), ("period", render.period(lead.schedule.usage)), ("items", Self.items(lead.items)),
        ("received", received),
      ]
      return row
    }
  }

  static func detail(_ lead: Rentguy_Booking_V1_Lead, render: Render) -> [Row] {
    let more: Row = [
      ("phone", lead.contact.phone), ("company", lead.contact.company), ("event_type", lead.eventType), ("venue", lead.venue),
      ("guests", String(lead.guestCount)), ("package", lead.packageName), ("message", lead.message),
      ("consent", BookingFormat.yesNo(lead.contactConsent)), ("booking", lead.bookingID), ("rejection_reason", lead.rejectionReason),
    ]
    return [Self.rows([lead], render: render)[0] + more]
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List leads.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only leads in this status.") var status: LeadStatusArgument?
    @Option(help: "Only leads from this source (the site's API key name).") var source: String?

    func run() async throws {
      let status = self.status?.proto ?? .unspecified
      let (source, size, token) = (self.source, self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listLeads(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.status = status
          $0.source = source ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: LeadsCommand.rows(response.leads, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a lead.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's id (led_…).") var id: String

    func run() async throws {
      let id = self.id
      let lead = try await global.call { try await $0.booking.getLead(.with { $0.leadID = id }).lead }
      OutputPrinter(format: global.output).print(rows: LeadsCommand.detail(lead, render: Render(global.output)))
    }
  }

  struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Turn a NEW lead into a DRAFT booking.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's id (led_…).") var id: String
    @Option(help: "An existing customer (cus_…); default: a new customer from the lead's contact.") var customer: String?

    func run() async throws {
      let (id, customer) = (self.id, self.customer)
      let response = try await global.call { client in
        try await client.booking.convertLead(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.leadID = id
          $0.customerID = customer ?? ""
        })
      }
      let row: Row = [
        ("lead", response.lead.id), ("status", BookingFormat.name(response.lead.status)), ("booking", response.booking.id),
        ("number", response.booking.number), ("customer", response.booking.customerID),
        ("booking_status", BookingFormat.name(response.booking.status)),
      ]
      OutputPrinter(format: global.output).print(rows: [row])
    }
  }

  struct Reject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a NEW lead as not taken.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's id (led_…).") var id: String
    @Option(help: "Why it is not taken.") var reason: String

    func run() async throws {
      let (id, reason) = (self.id, self.reason)
      let lead = try await global.call { client in
        try await client.booking.rejectLead(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.leadID = id
          $0.reason = reason
        }).lead
      }
      OutputPrinter(format: global.output).print(rows: LeadsCommand.rows([lead], render: Render(global.output)))
    }
  }

  struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Submit a lead as a marketing site would (prints its id and availability).",
      discussion: "Needs booking.leads.submit (a site's API key). The lead's source is the calling key's name."
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "The customer's name.") var name: String
    @Option(help: "E-mail address.") var email: String?
    @Option(help: "Phone number, E.164 (+31612345678).") var phone: String?
    @Option(help: "The company.") var company: String?
    @OptionGroup var dates: PeriodOptions
    @Option(
      name: .customLong("item"),
      help: ArgumentHelp("PRODUCT_OR_KIT_ID=QTY (kit_… ids are kits); repeat for each.", valueName: "id=qty")
    )
    var items: [ItemSpec] = []
    @Option(help: "What kind of event: wedding, corporate, …") var eventType: String?
    @Option(help: "Where the event is.") var venue: String?
    @Option(help: "How many guests.") var guests: Int32?
    @Option(help: "Free text from the customer.") var message: String?
    @Flag(help: "The customer agreed to be contacted (required).") var consent = false
    @Option(help: "The site's own id for the submission (default: a new UUID).") var idempotencyKey: String?

    func validate() throws {
      guard email != nil || phone != nil else { throw ValidationError("give --email or --phone") }
    }

    func run() async throws {
      var lead = Rentguy_Booking_V1_Lead()
      lead.contact.name = self.name
      lead.contact.email = self.email ?? ""
      lead.contact.phone = self.phone ?? ""
      lead.contact.company = self.company ?? ""
      lead.schedule.usage = try self.dates.requiredPeriod()
      lead.items = self.items.map(\.itemRequest)
      lead.eventType = self.eventType ?? ""
      lead.venue = self.venue ?? ""
      lead.guestCount = self.guests ?? 0
      lead.message = self.message ?? ""
      lead.contactConsent = self.consent
      let (submitted, key) = (lead, self.idempotencyKey ?? UUID().uuidString)
      let response = try await global.call { client in
        try await client.booking.submitLead(.with {
          $0.idempotencyKey = key
          $0.lead = submitted
        })
      }
      let level = response.hasAvailability ? BookingFormat.name(response.availability.level) : ""
      let row: Row = [
        ("id", response.lead.id), ("status", BookingFormat.name(response.lead.status)), ("availability", level),
      ]
      OutputPrinter(format: global.output).print(rows: [row])
    }
  }
}
