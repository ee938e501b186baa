import Foundation
import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf
import Synchronization

/// Time zones by IANA name, looked up once each (a lookup reads the zone database).
enum TimeZones {
  private static let known = Mutex<[String: TimeZone]>([:])

  static func named(_ name: String) -> TimeZone? {
    if let zone = Self.known.withLock({ $0[name] }) { return zone }
    guard let zone = TimeZone(identifier: name) else { return nil }
    Self.known.withLock { $0[name] = zone }
    return zone
  }
}

extension Rentguy_Common_V1_Money {
  init(minor: Int64, currency: String) {
    self.init()
    self.amountMinor = minor
    self.currency = currency
  }
}

extension Google_Protobuf_Timestamp {
  init(milliseconds: Int64) {
    self.init(seconds: milliseconds / 1000, nanos: Int32(milliseconds % 1000) * 1_000_000)
  }

  /// Milliseconds since the Unix epoch.
  var milliseconds: Int64 { self.seconds * 1000 + Int64(self.nanos / 1_000_000) }
}

extension Google_Protobuf_Duration {
  init(milliseconds: Int64) {
    self.init(seconds: milliseconds / 1000, nanos: Int32(milliseconds % 1000) * 1_000_000)
  }

  var milliseconds: Int64 { self.seconds * 1000 + Int64(self.nanos / 1_000_000) }
}

extension Rentguy_Common_V1_Period {
  init(start: Int64, end: Int64) {
    self.init()
    self.start = Google_Protobuf_Timestamp(milliseconds: start)
    self.end = Google_Protobuf_Timestamp(milliseconds: end)
  }
}

extension Rentguy_Booking_V1_Product {
  init(_ product: StoredProduct, total: Int) {
    self.init()
    self.id = product.id
    self.name = product.name
    self.sku = product.sku
    self.stockKind = Rentguy_Booking_V1_StockKind(rawValue: product.stockKind) ?? .unspecified
    self.category = product.category
    self.description_p = product.description
    self.dayPrice = Rentguy_Common_V1_Money(minor: product.dayPriceMinor, currency: product.currency)
    self.vatCategory = Rentguy_Booking_V1_VatCategory(rawValue: product.vatCategory) ?? .standard
    self.replacementValue = Rentguy_Common_V1_Money(minor: product.replacementValueMinor, currency: product.currency)
    self.preparationBuffer = Google_Protobuf_Duration(milliseconds: product.preparationBufferMs)
    self.returnBuffer = Google_Protobuf_Duration(milliseconds: product.returnBufferMs)
    self.bulkBarcode = product.bulkBarcode ?? ""
    self.bulkQuantity = Int32(product.bulkQuantity)
    self.totalQuantity = Int32(total)
    self.archived = product.archived
    self.version = product.version
  }
}

extension Rentguy_Booking_V1_Kit {
  init(_ kit: StoredKit) {
    self.init()
    self.id = kit.id
    self.name = kit.name
    self.components = kit.components.map { component in .with { $0.productID = component.productID; $0.quantity = Int32(component.quantity) } }
    self.dayPrice = Rentguy_Common_V1_Money(minor: kit.dayPriceMinor, currency: kit.currency)
    self.vatCategory = Rentguy_Booking_V1_VatCategory(rawValue: kit.vatCategory) ?? .standard
    self.archived = kit.archived
    self.version = kit.version
  }
}

extension Rentguy_Booking_V1_Asset {
  init(_ asset: StoredAsset) {
    self.init()
    self.id = asset.id
    self.productID = asset.productID
    self.barcode = asset.barcode
    self.serialNumber = asset.serialNumber
    self.status = Rentguy_Booking_V1_AssetStatus(rawValue: asset.status) ?? .unspecified
    self.locationID = asset.locationID ?? ""
    self.caseID = asset.caseID ?? ""
    self.bookingID = asset.bookingID ?? ""
    self.notes = asset.notes
    self.version = asset.version
  }
}

extension Rentguy_Booking_V1_Case {
  init(_ flightCase: StoredCase) {
    self.init()
    self.id = flightCase.id
    self.name = flightCase.name
    self.barcode = flightCase.barcode
    self.assetIds = flightCase.assetIDs
    self.version = flightCase.version
  }
}

extension Rentguy_Booking_V1_Customer {
  init(_ customer: StoredCustomer) {
    self.init()
    self.id = customer.id
    self.contact = (try? Rentguy_Common_V1_Contact(jsonString: customer.contactJSON)) ?? Rentguy_Common_V1_Contact()
    if customer.billingAddressJSON != "{}" {
      self.billingAddress = (try? Rentguy_Common_V1_Address(jsonString: customer.billingAddressJSON)) ?? Rentguy_Common_V1_Address()
    }
    self.externalIds = customer.externalIDs
    self.notes = customer.notes
    self.createdAt = Google_Protobuf_Timestamp(milliseconds: customer.createdAt)
    self.version = customer.version
  }
}

extension Rentguy_Booking_V1_Lead {
  init(_ lead: StoredLead) {
    self = (try? Rentguy_Booking_V1_Lead(serializedBytes: lead.payload)) ?? Rentguy_Booking_V1_Lead()
    self.id = lead.id
    self.status = Rentguy_Booking_V1_LeadStatus(rawValue: lead.status) ?? .unspecified
    self.source = lead.source
    self.receivedAt = Google_Protobuf_Timestamp(milliseconds: lead.receivedAt)
    self.bookingID = lead.bookingID ?? ""
    self.rejectionReason = lead.rejectionReason ?? ""
  }
}

extension Rentguy_Booking_V1_CrewAssignment {
  init(_ assignment: StoredAssignment, displayName: String) {
    self.init()
    self.id = assignment.id
    self.bookingID = assignment.bookingID
    self.userID = assignment.userID
    self.userDisplayName = displayName
    self.function = Rentguy_Identity_V1_CrewFunction(rawValue: assignment.function) ?? .unspecified
    self.period = Rentguy_Common_V1_Period(start: assignment.start, end: assignment.end)
    self.status = Rentguy_Booking_V1_AssignmentStatus(rawValue: assignment.status) ?? .unspecified
    self.notes = assignment.notes
    self.overlapOverridden = assignment.overlapOverridden
  }
}

extension Rentguy_Booking_V1_VatAmount {
  init(_ amount: VATAmount, currency: String) {
    self.init()
    self.category = Rentguy_Booking_V1_VatCategory(rawValue: amount.category.rawValue) ?? .standard
    self.rateBp = Int32(amount.rateBp)
    self.netAmount = Rentguy_Common_V1_Money(minor: amount.net, currency: currency)
    self.vatAmount = Rentguy_Common_V1_Money(minor: amount.vat, currency: currency)
  }
}

extension Rentguy_Booking_V1_Booking {
  /// The booking with its computed amounts: each line's net amount, the VAT breakdown per rate
  /// and the totals (see the contract's "Money" rules).
  init(_ booking: StoredBooking) {
    self.init()
    self.id = booking.id
    self.number = booking.number
    self.status = Rentguy_Booking_V1_BookingStatus(rawValue: booking.status) ?? .unspecified
    self.customerID = booking.customerID
    self.title = booking.title
    self.venue = booking.venue
    if booking.venueAddressJSON != "{}" {
      self.venueAddress = (try? Rentguy_Common_V1_Address(jsonString: booking.venueAddressJSON)) ?? Rentguy_Common_V1_Address()
    }
    self.schedule.usage = Rentguy_Common_V1_Period(start: booking.usageStart, end: booking.usageEnd)
    if let buffer = booking.preparationBufferMs { self.schedule.preparationBuffer = Google_Protobuf_Duration(milliseconds: buffer) }
    if let buffer = booking.returnBufferMs { self.schedule.returnBuffer = Google_Protobuf_Duration(milliseconds: buffer) }
    self.planning = Rentguy_Common_V1_Period(start: booking.planningStart, end: booking.planningEnd)
    let currency = booking.currency
    self.lines = booking.lines.map { Rentguy_Booking_V1_BookingLine($0, currency: currency) }
    let breakdown = Pricing.breakdown(booking.lines.map(\.vatLine))
    let totals = Pricing.totals(breakdown)
    self.vatBreakdown = breakdown.map { Rentguy_Booking_V1_VatAmount($0, currency: currency) }
    self.subtotal = Rentguy_Common_V1_Money(minor: totals.net, currency: currency)
    self.vat = Rentguy_Common_V1_Money(minor: totals.vat, currency: currency)
    self.total = Rentguy_Common_V1_Money(minor: totals.gross, currency: currency)
    self.securityDeposit = Rentguy_Common_V1_Money(minor: booking.securityDepositMinor, currency: currency)
    if let until = booking.quoteValidUntil { self.quoteValidUntil = Google_Protobuf_Timestamp(milliseconds: until) }
    self.shortagesOverridden = booking.shortagesOverridden
    self.leadID = booking.leadID ?? ""
    self.notes = booking.notes
    self.createdAt = Google_Protobuf_Timestamp(milliseconds: booking.createdAt)
    self.updatedAt = Google_Protobuf_Timestamp(milliseconds: booking.updatedAt)
    self.version = booking.version
    self.timeZone = booking.timeZone
    self.billableDays = Int32(
      BillableDays.count(
        start: Date(millisecondsSince1970: booking.usageStart), end: Date(millisecondsSince1970: booking.usageEnd),
        timeZone: TimeZones.named(booking.timeZone) ?? .gmt
      )
    )
    self.invoiceIds = booking.invoiceIDs
  }
}

extension Rentguy_Booking_V1_BookingLine {
  init(_ line: StoredBookingLine, currency: String) {
    self.init()
    self.id = line.id
    if let product = line.productID { self.productID = product }
    if let kit = line.kitID { self.kitID = kit }
    self.description_p = line.description
    self.quantity = Int32(line.quantity)
    self.unitPrice = Rentguy_Common_V1_Money(minor: line.unitPriceMinor, currency: currency)
    self.days = Int32(line.days)
    self.discountBp = Int32(line.discountBp)
    self.vatCategory = Rentguy_Booking_V1_VatCategory(rawValue: line.vatCategory) ?? .standard
    self.vatRateBp = Int32(line.vatRateBp)
    self.netAmount = Rentguy_Common_V1_Money(minor: line.netMinor, currency: currency)
    self.kind = Rentguy_Booking_V1_LineKind(rawValue: line.kind) ?? .rental
    self.checkedOutQuantity = Int32(line.checkedOutQuantity)
    self.returnedQuantity = Int32(line.returnedQuantity)
  }
}

extension StoredBookingLine {
  /// quantity × unit price × days × (1 − discount), rounded half-up.
  var netMinor: Int64 {
    Pricing.netAmount(quantity: self.quantity, unitPriceMinor: self.unitPriceMinor, days: self.days, discountBp: self.discountBp)
  }

  var vatLine: VATLine {
    VATLine(category: VATCategory(rawValue: self.vatCategory) ?? .standard, rateBp: self.vatRateBp, net: self.netMinor)
  }
}

extension Rentguy_Booking_V1_BookingEvent {
  init(_ event: StoredBookingEvent) {
    self.init()
    self.sequence = event.sequence
    self.type = Rentguy_Booking_V1_BookingEventType(rawValue: event.type) ?? .unspecified
    self.bookingID = event.bookingID
    self.occurredAt = Google_Protobuf_Timestamp(milliseconds: event.occurredAt)
    self.actor.id = event.actorID
    self.actor.displayName = event.actorName
    self.booking = (try? Rentguy_Booking_V1_Booking(serializedBytes: event.snapshot)) ?? Rentguy_Booking_V1_Booking()
  }
}
