import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy availability PRODUCT_OR_KIT --from --to [--quantity N] [--days]`.
struct AvailabilityCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "availability",
    abstract: "Show how many of a product or kit are free over a period.",
    discussion: """
      The period is the usage period; the check covers its planning period (plus the products' buffers). \
      Kits (kit_… ids) are expanded into their products. With --days: the free quantity per day instead.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "A product (prd_…) or kit (kit_…) id.") var item: String
  @OptionGroup(title: "Period") var dates: PeriodOptions
  @Option(help: "How many are wanted.") var quantity: Int32 = 1
  @Flag(help: "Count quotes as taken too (a pessimistic view).") var includeQuotes = false
  @Flag(help: "Show the free quantity per day over the period (a timeline) instead.") var days = false

  func validate() throws {
    guard quantity >= 1 else { throw ValidationError("--quantity must be at least 1") }
  }

  func run() async throws {
    let period = try self.dates.requiredPeriod()
    let item = ItemSpec(id: self.item, quantity: self.quantity)
    if self.days {
      try await self.timeline(item: item, period: period)
    } else {
      try await self.check(item: item, period: period)
    }
  }

  private func check(item: ItemSpec, period: Rentguy_Common_V1_Period) async throws {
    let (request, includeQuotes) = (item.itemRequest, self.includeQuotes)
    let response = try await global.call { client in
      try await client.booking.checkAvailability(.with {
        $0.items = [request]
        $0.schedule.usage = period
        $0.includeQuotes = includeQuotes
      })
    }
    let rows: [Row] = response.products.map { product in
      let row: Row = [
        ("product", product.productID), ("name", product.productName), ("requested", String(product.requested)),
        ("available", String(product.available)), ("shortage", String(product.shortage)), ("total", String(product.total)),
      ]
      return row
    }
    OutputPrinter(format: global.output).print(rows: rows)
  }

  private func timeline(item: ItemSpec, period: Rentguy_Common_V1_Period) async throws {
    let (zone, json) = (self.dates.timeZone ?? "", global.output == .json)
    let response = try await global.call { client in
      try await client.booking.getAvailabilityTimeline(.with {
        if item.isKit { $0.kitID = item.id } else { $0.productID = item.id }
        $0.range = period
        $0.timeZone = zone
      })
    }
    let rows: [Row] = response.days.map { day in
      // Tables count the bookings; JSON lists their ids.
      let bookings = json ? day.bookingIds.joined(separator: ",") : String(day.bookingIds.count)
      let row: Row = [
        ("date", day.date), ("available", String(day.available)), ("total", String(day.total)), ("bookings", bookings),
      ]
      return row
    }
    OutputPrinter(format: global.output).print(rows: rows)
  }
}
