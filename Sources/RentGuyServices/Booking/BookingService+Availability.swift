import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Availability over planning periods: exact counts for staff, levels for public sites.
extension BookingService {
  public func checkAvailability(
    request: Rentguy_Booking_V1_CheckAvailabilityRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CheckAvailabilityResponse {
    let usage = try Self.usage(request.schedule, field: "schedule")
    let items = try Self.items(request.items, field: "items")
    let schedule = request.schedule
    return try await self.repository.read { db in
      try self.availability(items: items, schedule: schedule, usage: usage, includeQuotes: request.includeQuotes,
                            excluding: request.excludeBookingID.isEmpty ? nil : request.excludeBookingID, db)
    }
  }

  public func checkPublicAvailability(
    request: Rentguy_Booking_V1_CheckPublicAvailabilityRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CheckPublicAvailabilityResponse {
    let usage = try Self.usage(request.schedule, field: "schedule")
    let items = try Self.items(request.items, field: "items")
    let schedule = request.schedule
    return try await self.repository.read { db in try self.publicAvailability(items: items, schedule: schedule, usage: usage, db) }
  }

  public func getAvailabilityTimeline(
    request: Rentguy_Booking_V1_GetAvailabilityTimelineRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_GetAvailabilityTimelineResponse {
    guard request.hasRange, request.range.end.milliseconds > request.range.start.milliseconds else {
      throw BookingError.invalidArgument("range", "must have an end after its start")
    }
    let window = TimeWindow(start: request.range.start.milliseconds, end: request.range.end.milliseconds)
    guard window.end - window.start <= 366 * 86_400_000 else { throw BookingError.invalidArgument("range", "must span at most 366 days") }
    let zone = try self.timeZone(request.timeZone, field: "time_zone")
    let days = BillableDays.days(covering: window, in: zone)
    guard let first = days.first, let last = days.last else { return .init() }
    let span = TimeWindow(start: first.window.start, end: last.window.end)
    return try await self.repository.read { db in
      // A product, or each component of a kit (whole kits free per day).
      let parts: [(productID: String, perKit: Int)]
      switch request.item {
      case .productID(let id):
        guard try db.product(id) != nil else { throw BookingError.notFound("product", id) }
        parts = [(id, 1)]
      case .kitID(let id):
        guard let kit = try db.kit(id) else { throw BookingError.notFound("kit", id) }
        parts = kit.components.map { ($0.productID, $0.quantity) }
      case nil:
        throw BookingError.invalidArgument("item", "set product_id or kit_id")
      }
      var perPart: [(timeline: [TimelineDay], total: Int, perKit: Int)] = []
      for part in parts {
        let total = try db.capacity(productID: part.productID)
        let holds = try db.holds(productID: part.productID, start: span.start, end: span.end, includeTentative: false, excludingBooking: nil)
          .map { StockHold(bookingID: $0.bookingID, window: TimeWindow(start: $0.start, end: $0.end), quantity: $0.quantity) }
        perPart.append((Availability.timeline(capacity: total, holds: holds, windows: days.map(\.window)), total, part.perKit))
      }
      var response = Rentguy_Booking_V1_GetAvailabilityTimelineResponse()
      for (index, day) in days.enumerated() {
        var entry = Rentguy_Booking_V1_AvailabilityDay()
        entry.dayStart = .init(milliseconds: day.window.start)
        entry.date = day.date
        entry.available = Int32(Availability.wholeKits(perPart.map { ($0.timeline[index].free, $0.perKit) }))
        entry.total = Int32(Availability.wholeKits(perPart.map { ($0.total, $0.perKit) }))
        entry.bookingIds = Array(Set(perPart.flatMap { $0.timeline[index].bookingIDs })).sorted()
        response.days.append(entry)
      }
      return response
    }
  }

  // MARK: - Shared

  /// A validated usage period.
  static func usage(_ schedule: Rentguy_Booking_V1_Schedule, field: String) throws -> TimeWindow {
    guard schedule.hasUsage, schedule.usage.hasStart, schedule.usage.hasEnd else {
      throw BookingError.invalidArgument("\(field).usage", "must have a start and an end")
    }
    let window = TimeWindow(start: schedule.usage.start.milliseconds, end: schedule.usage.end.milliseconds)
    guard window.end > window.start else { throw BookingError.invalidArgument("\(field).usage", "must end after it starts") }
    guard window.end - window.start <= 366 * 86_400_000 else { throw BookingError.invalidArgument("\(field).usage", "must span at most 366 days") }
    for (name, buffer, present) in [
      ("preparation_buffer", schedule.preparationBuffer, schedule.hasPreparationBuffer), ("return_buffer", schedule.returnBuffer, schedule.hasReturnBuffer),
    ] where present {
      guard (0...(366 * 86_400_000)).contains(buffer.milliseconds) else {
        throw BookingError.invalidArgument("\(field).\(name)", "must be 0 to 366 days")
      }
    }
    return window
  }

  /// Validated item requests (at most 200).
  static func items(_ items: [Rentguy_Booking_V1_ItemRequest], field: String) throws -> [Rentguy_Booking_V1_ItemRequest] {
    guard items.count <= 200 else { throw BookingError.invalidArgument(field, "must have at most 200 items") }
    for (index, item) in items.enumerated() {
      guard item.item != nil else { throw BookingError.invalidArgument("\(field)[\(index)]", "set product_id or kit_id") }
      guard (1...100_000).contains(item.quantity) else { throw BookingError.invalidArgument("\(field)[\(index)].quantity", "must be 1 to 100000") }
    }
    return items
  }

  /// The holds `items` would need over `usage` with `schedule`'s buffers, as a booking would
  /// place them (its id is "").
  private func needs(
    items: [Rentguy_Booking_V1_ItemRequest], schedule: Rentguy_Booking_V1_Schedule, usage: TimeWindow, _ db: any BookingDatabase
  ) throws -> [StockPlanner.Need] {
    let booking = StoredBooking(
      id: "", number: "", status: BookingState.draft.rawValue, customerID: "", usageStart: usage.start, usageEnd: usage.end,
      preparationBufferMs: schedule.hasPreparationBuffer ? schedule.preparationBuffer.milliseconds : nil,
      returnBufferMs: schedule.hasReturnBuffer ? schedule.returnBuffer.milliseconds : nil, planningStart: usage.start, planningEnd: usage.end,
      timeZone: "UTC", currency: self.configuration.currency, createdAt: 0, updatedAt: 0,
      lines: try items.enumerated().map { index, item in
        switch item.item {
        case .productID(let id):
          guard try db.product(id) != nil else { throw BookingError.invalidArgument("items[\(index)].product_id", "'\(id)' is not a product") }
        case .kitID(let id):
          guard try db.kit(id) != nil else { throw BookingError.invalidArgument("items[\(index)].kit_id", "'\(id)' is not a kit") }
        case nil: break
        }
        return StoredBookingLine(
          id: "item\(index)", kind: 1, productID: item.productID.isEmpty ? nil : item.productID, kitID: item.kitID.isEmpty ? nil : item.kitID,
          description: "", quantity: Int(item.quantity), unitPriceMinor: 0, days: 1, discountBp: 0, vatCategory: 1, vatRateBp: 0
        )
      }
    )
    let planner = StockPlanner(db: db)
    return StockPlanner.needs(try planner.holds(for: booking))
  }

  func availability(
    items: [Rentguy_Booking_V1_ItemRequest], schedule: Rentguy_Booking_V1_Schedule, usage: TimeWindow, includeQuotes: Bool,
    excluding: String?, _ db: any BookingDatabase
  ) throws -> Rentguy_Booking_V1_CheckAvailabilityResponse {
    let planner = StockPlanner(db: db)
    var response = Rentguy_Booking_V1_CheckAvailabilityResponse()
    response.available = true
    var planning = usage
    for need in try self.needs(items: items, schedule: schedule, usage: usage, db) {
      let found = try planner.availability(of: need, includeTentative: includeQuotes, excluding: excluding)
      var product = Rentguy_Booking_V1_ProductAvailability()
      product.productID = need.productID
      product.productName = try db.product(need.productID)?.name ?? ""
      product.requested = Int32(need.quantity)
      product.available = Int32(max(0, found.free))
      product.shortage = Int32(max(0, need.quantity - max(0, found.free)))
      product.total = Int32(found.total)
      product.tightestAt = .init(milliseconds: found.tightestAt)
      if product.shortage > 0 { response.available = false }
      response.products.append(product)
      planning = TimeWindow(start: min(planning.start, need.window.start), end: max(planning.end, need.window.end))
    }
    response.planning = .init(start: planning.start, end: planning.end)
    return response
  }

  /// Levels per item (a kit: its tightest component), never counts.
  func publicAvailability(
    items: [Rentguy_Booking_V1_ItemRequest], schedule: Rentguy_Booking_V1_Schedule, usage: TimeWindow, _ db: any BookingDatabase
  ) throws -> Rentguy_Booking_V1_CheckPublicAvailabilityResponse {
    let planner = StockPlanner(db: db)
    var response = Rentguy_Booking_V1_CheckPublicAvailabilityResponse()
    var worst = AvailabilityLevel.available
    for item in items {
      let needs = try self.needs(items: [item], schedule: schedule, usage: usage, db)
      var level = AvailabilityLevel.available
      for need in needs {
        let found = try planner.availability(of: need, includeTentative: false, excluding: nil)
        level = Self.worse(level, AvailabilityLevel.classify(free: found.free, requested: need.quantity, total: found.total))
      }
      worst = Self.worse(worst, level)
      var entry = Rentguy_Booking_V1_ItemAvailability()
      entry.item = item
      switch item.item {
      case .productID(let id): entry.name = try db.product(id)?.name ?? ""
      case .kitID(let id): entry.name = try db.kit(id)?.name ?? ""
      case nil: break
      }
      entry.level = Self.level(level)
      response.items.append(entry)
    }
    // All items together: a product two items need counts for their sum.
    for need in try self.needs(items: items, schedule: schedule, usage: usage, db) {
      let found = try planner.availability(of: need, includeTentative: false, excluding: nil)
      worst = Self.worse(worst, AvailabilityLevel.classify(free: found.free, requested: need.quantity, total: found.total))
    }
    response.level = items.isEmpty ? .unspecified : Self.level(worst)
    return response
  }

  private static func worse(_ a: AvailabilityLevel, _ b: AvailabilityLevel) -> AvailabilityLevel {
    let rank: (AvailabilityLevel) -> Int = { level in
      switch level {
      case .available: 0
      case .limited: 1
      case .notAvailable: 2
      }
    }
    return rank(a) >= rank(b) ? a : b
  }

  private static func level(_ level: AvailabilityLevel) -> Rentguy_Booking_V1_AvailabilityLevel {
    switch level {
    case .available: .available
    case .limited: .limited
    case .notAvailable: .notAvailable
    }
  }
}
