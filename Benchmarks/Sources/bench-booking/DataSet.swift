import Foundation
import GRDB
import RentGuyStore

/// SplitMix64: a small seeded generator, so the same seed gives the same data set and the same
/// sequence of requests on every machine.
struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) {
    self.state = seed
  }

  mutating func next() -> UInt64 {
    self.state &+= 0x9E37_79B9_7F4A_7C15
    var z = self.state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Instants of the data set, in milliseconds since the Unix epoch (UTC), as the store keeps them.
enum Time {
  static let hour: Int64 = 3_600_000
  static let day: Int64 = 86_400_000
  static let y2022: Int64 = 1_640_995_200_000
  static let y2023: Int64 = 1_672_531_200_000
  static let y2026: Int64 = 1_767_225_600_000
  static let y2027: Int64 = 1_798_761_600_000
  static let y2028: Int64 = 1_830_297_600_000
  /// Monday 3 January 2028: the first week of the confirm scenario's hot period.
  static let firstMonday2028: Int64 = 1_830_470_400_000
  /// The data set's "today" (fixed, so that it is reproducible): bookings that ended before it
  /// are history (closed or canceled), bookings after it are confirmed and hold stock.
  static let today = y2026

  static func date(_ milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  static func now() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
  }
}

/// `value` with leading zeros to `width` digits (never cut).
func padded(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// The SQL the generator runs: plain INSERTs into the store's tables (migrations v1–v3), the
/// columns the store's own inserts write (`SQLBookingDatabase`), and the NOT NULL ones they
/// leave to a default spelled out.
enum InsertSQL {
  static let location = """
    INSERT INTO locations (id, name, kind, address) VALUES (?, ?, 1, '{}')
    """
  // `preparation_buffer_seconds` and `return_buffer_seconds` hold milliseconds since v3.
  static let product = """
    INSERT INTO products (id, name, sku, stock_kind, category, description, day_price_minor, currency, vat_rate_bp,
      replacement_value_minor, preparation_buffer_seconds, return_buffer_seconds, archived, version, vat_category, bulk_quantity,
      bulk_barcode)
    VALUES (?, ?, ?, ?, ?, '', ?, 'EUR', 0, ?, ?, ?, 0, 1, 1, ?, ?)
    """
  static let barcode = """
    INSERT INTO barcodes (barcode, kind, target_id) VALUES (?, ?, ?)
    """
  static let flightCase = """
    INSERT INTO cases (id, name, barcode, version) VALUES (?, ?, ?, 1)
    """
  static let asset = """
    INSERT INTO assets (id, product_id, barcode, serial_number, status, location_id, case_id, booking_id, notes, version)
    VALUES (?, ?, ?, ?, 1, ?, ?, NULL, '', 1)
    """
  static let customer = """
    INSERT INTO customers (id, name, company, email, contact, billing_address, external_ids, notes, created_at, version)
    VALUES (?, ?, ?, ?, '{}', '{}', '{}', '', ?, 1)
    """
  static let booking = """
    INSERT INTO bookings (id, number, status, customer_id, title, venue, venue_address, usage_start, usage_end, planning_start,
      planning_end, currency, deposit_minor, quote_valid_until, shortages_overridden, lead_id, notes, created_at, updated_at, closed_at,
      version, time_zone, preparation_buffer_ms, return_buffer_ms, cancel_reason)
    VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, 'EUR', 0, NULL, 0, NULL, '', ?, ?, ?, ?, 'Europe/Amsterdam', NULL, NULL, ?)
    """
  static let line = """
    INSERT INTO booking_lines (id, booking_id, position, kind, product_id, kit_id, description, quantity, unit_price_minor, days,
      discount_bp, vat_category, vat_rate_bp, checked_out_quantity, returned_quantity)
    VALUES (?, ?, ?, 1, ?, NULL, ?, ?, ?, ?, ?, 1, 2100, ?, ?)
    """
  static let hold = """
    INSERT INTO stock_holds (booking_id, line_id, product_id, start_at, end_at, quantity, firm) VALUES (?, ?, ?, ?, ?, ?, 1)
    """
  static let series = """
    INSERT INTO document_series (series, last_number) VALUES (?, ?)
    ON CONFLICT (series) DO UPDATE SET last_number = max(last_number, excluded.last_number)
    """
}

/// A large rental company's five years, written straight into SQLite: 2,000 products (1,800
/// serialized with 20,000 assets, 200 bulk), 500 flight cases, 2,000 customers and 100,000
/// bookings from 2023 to 2027 with their lines and, for those that hold stock, their holds.
struct DataSet {
  static let productCount = 2_000
  static let serializedCount = 1_800
  static let assetCount = 20_000
  static let caseCount = 500
  static let customerCount = 2_000
  static let bookingCount = 100_000
  static let categories = ["Audio", "Lighting", "Video", "Rigging", "Power", "Staging", "Cables", "Furniture"]

  struct Product {
    var id: String
    var name: String
    var serialized: Bool
    /// Serialized: its assets; bulk: `bulk_quantity`.
    var capacity: Int
    var dayPrice: Int64
    var preparation: Int64
    var back: Int64
  }

  struct Line {
    var id: String
    var product: Int
    var quantity: Int
    var discountBp: Int
    /// The hold's window: usage plus the product's buffers.
    var start: Int64
    var end: Int64
  }

  struct Booking {
    var id: String
    var number = ""
    var status: Int
    var customer: Int
    var usageStart: Int64
    var usageEnd: Int64
    var planningStart: Int64
    var planningEnd: Int64
    var createdAt: Int64
    var updatedAt: Int64
    var closedAt: Int64?
    var version: Int
    var title: String
    var venue: String
    var cancelReason: String
    var lines: [Line]
  }

  struct Report: Encodable {
    var scenario = "generate"
    var seed: UInt64
    var seconds: Double
    var megabytes: Int
    var rows: [String: Int]
    var bookingsByStatus: [String: Int]
    /// Lines placed although no product with room was found in 8 tries (over capacity on some day).
    var linesOverCapacity: Int
  }

  let seed: UInt64

  /// Creates the database at `path` (which must not exist), fills it and closes it.
  func generate(path: String) throws -> Report {
    let started = ContinuousClock.now
    var rng = SeededGenerator(seed: self.seed)
    let store = try Store.open(.defaults { $0.location = .file(path: path) })

    // MARK: Catalog

    let catalogTime = Time.date(Time.y2022)
    // Assets per serialized product: at least 2, skewed (a few products with ~30, most with a handful).
    let weights = (0..<Self.serializedCount).map { _ in exp(3 * Double.random(in: 0..<1, using: &rng)) }
    let weightSum = weights.reduce(0, +)
    let spare = Self.assetCount - 2 * Self.serializedCount
    var assetCounts = weights.map { 2 + Int(Double(spare) * $0 / weightSum) }
    var missing = Self.assetCount - assetCounts.reduce(0, +)
    while missing > 0 {
      assetCounts[Int.random(in: 0..<Self.serializedCount, using: &rng)] += 1
      missing -= 1
    }

    var products: [Product] = []
    for index in 0..<Self.productCount {
      let serialized = index < Self.serializedCount
      let category = Self.categories[index % Self.categories.count]
      let id = Identifier.make("prd", at: catalogTime, using: &rng)
      let capacity = serialized ? assetCounts[index] : Int.random(in: 50...500, using: &rng)
      let dayPrice = serialized ? Int64.random(in: 1_000...50_000, using: &rng) : Int64.random(in: 50...2_000, using: &rng)
      let preparation = Int64.random(in: 0...24, using: &rng) * Time.hour
      let back = Int64.random(in: 0...24, using: &rng) * Time.hour
      products.append(
        Product(
          id: id, name: "\(category) \(serialized ? "item" : "bulk") \(padded(index + 1, 4))", serialized: serialized, capacity: capacity,
          dayPrice: dayPrice, preparation: preparation, back: back
        )
      )
    }
    let locationID = Identifier.make("loc", at: catalogTime, using: &rng)
    let caseIDs = (0..<Self.caseCount).map { _ in Identifier.make("cas", at: catalogTime, using: &rng) }
    var assetProduct: [Int] = []
    for (index, count) in assetCounts.enumerated() {
      assetProduct += Array(repeating: index, count: count)
    }
    let assetIDs = assetProduct.map { _ in Identifier.make("ast", at: catalogTime, using: &rng) }
    // Cases of 1–8 assets, drawn from all assets.
    var assetCase = [Int?](repeating: nil, count: assetProduct.count)
    var shuffledAssets = Array(assetProduct.indices)
    shuffledAssets.shuffle(using: &rng)
    var nextAsset = 0
    for caseIndex in 0..<Self.caseCount {
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        assetCase[shuffledAssets[nextAsset]] = caseIndex
        nextAsset += 1
      }
    }
    let customerIDs = (0..<Self.customerCount).map { _ in Identifier.make("cus", at: catalogTime, using: &rng) }

    try store.writer.write { db in
      try db.execute(sql: InsertSQL.location, arguments: [locationID, "Main warehouse"])
      let insertProduct = try db.makeStatement(sql: InsertSQL.product)
      let insertBarcode = try db.makeStatement(sql: InsertSQL.barcode)
      for (index, product) in products.enumerated() {
        let stockKind = product.serialized ? 1 : 2
        let bulkQuantity = product.serialized ? 0 : product.capacity
        let bulkBarcode: String? = product.serialized ? nil : "BLK-\(padded(index + 1, 6))"
        let category = Self.categories[index % Self.categories.count]
        try insertProduct.execute(arguments: [
          product.id, product.name, "SKU-\(padded(index + 1, 5))", stockKind, category, product.dayPrice, product.dayPrice * 25,
          product.preparation, product.back, bulkQuantity, bulkBarcode,
        ])
        if let bulkBarcode { try insertBarcode.execute(arguments: [bulkBarcode, "bulk", product.id]) }
      }
      let insertCase = try db.makeStatement(sql: InsertSQL.flightCase)
      for (index, id) in caseIDs.enumerated() {
        let barcode = "CASE-\(padded(index + 1, 5))"
        try insertCase.execute(arguments: [id, "Case \(padded(index + 1, 3))", barcode])
        try insertBarcode.execute(arguments: [barcode, "case", id])
      }
      let insertAsset = try db.makeStatement(sql: InsertSQL.asset)
      for (index, id) in assetIDs.enumerated() {
        let barcode = "AST-\(padded(index + 1, 7))"
        let caseID: String? = assetCase[index].map { caseIDs[$0] }
        try insertAsset.execute(arguments: [
          id, products[assetProduct[index]].id, barcode, "SN\(padded(index * 7919 % 100_000_000, 8))", locationID, caseID,
        ])
        try insertBarcode.execute(arguments: [barcode, "asset", id])
      }
      let insertCustomer = try db.makeStatement(sql: InsertSQL.customer)
      for (index, id) in customerIDs.enumerated() {
        let number = padded(index + 1, 4)
        try insertCustomer.execute(arguments: [
          id, "Customer \(number)", "Company \(number) B.V.", "customer\(number)@example.com", Time.y2022 + Int64(index) * Time.hour,
        ])
      }
    }

    // MARK: Bookings

    // Lines pick a serialized product (75 %) weighted by its assets, or a bulk product, and check
    // a per-day tally of what is already held, so that few days go over a product's stock.
    var cumulative: [Int] = []
    var running = 0
    for index in 0..<Self.serializedCount {
      running += products[index].capacity
      cumulative.append(running)
    }
    let serializedWeight = running
    let origin = Time.y2023 - 2 * Time.day
    let gridDays = Int((Time.y2028 + 10 * Time.day - origin) / Time.day)
    var used = [Int32](repeating: 0, count: products.count * gridDays)
    let usageDays = (Time.y2028 - Time.y2023) / Time.day
    var linesOverCapacity = 0
    var bookings: [Booking] = []
    bookings.reserveCapacity(Self.bookingCount)

    for _ in 0..<Self.bookingCount {
      // Usage: 1–7 days starting in the morning, all of it between 2023-01-01 and 2027-12-31.
      let usageStart = Time.y2023 + Int64.random(in: 0..<(usageDays - 7), using: &rng) * Time.day
        + Int64.random(in: 6...14, using: &rng) * Time.hour
      let usageEnd = usageStart + Int64.random(in: 1...7, using: &rng) * Time.day
      let roll = Double.random(in: 0..<1, using: &rng)
      let status: Int
      if usageEnd <= Time.today - 3 * Time.day {
        status = roll < 0.06 ? 8 : 7  // CANCELED or CLOSED
      } else if usageEnd <= Time.today {
        status = roll < 0.06 ? 8 : 6  // RETURNED, not closed yet
      } else if usageStart <= Time.today {
        status = 5  // CHECKED_OUT
      } else {
        status = roll < 0.05 ? 8 : 3  // CONFIRMED
      }
      let createdAt = min(
        usageStart - Int64.random(in: 1...120, using: &rng) * Time.day,
        Time.today - Int64.random(in: 1...2_000, using: &rng) * Time.hour
      )
      let created = Time.date(createdAt)
      let id = Identifier.make("bkg", at: created, using: &rng)
      var lines: [Line] = []
      var taken = Set<Int>()
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        let wanted = Int.random(in: 1...3, using: &rng)
        var fallback: Int?
        var chosen: Int?
        for _ in 0..<8 {
          let candidate: Int
          if Double.random(in: 0..<1, using: &rng) < 0.75 {
            let target = Int.random(in: 0..<serializedWeight, using: &rng)
            var low = 0
            var high = cumulative.count - 1
            while low < high {
              let middle = (low + high) / 2
              if cumulative[middle] > target { high = middle } else { low = middle + 1 }
            }
            candidate = low
          } else {
            candidate = Int.random(in: Self.serializedCount..<Self.productCount, using: &rng)
          }
          if taken.contains(candidate) { continue }
          if fallback == nil { fallback = candidate }
          if status == 8 {
            chosen = candidate
            break
          }
          let product = products[candidate]
          let quantity = min(wanted, product.capacity)
          let first = Int((usageStart - product.preparation - origin) / Time.day)
          let last = Int((usageEnd + product.back - 1 - origin) / Time.day)
          var peak: Int32 = 0
          for day in first...last { peak = max(peak, used[candidate * gridDays + day]) }
          if Int(peak) + quantity <= product.capacity {
            chosen = candidate
            break
          }
        }
        guard let productIndex = chosen ?? fallback else { continue }
        if chosen == nil { linesOverCapacity += 1 }
        taken.insert(productIndex)
        let product = products[productIndex]
        let quantity = min(wanted, product.capacity)
        let start = usageStart - product.preparation
        let end = usageEnd + product.back
        if status != 8 {
          for day in Int((start - origin) / Time.day)...Int((end - 1 - origin) / Time.day) {
            used[productIndex * gridDays + day] += Int32(quantity)
          }
        }
        let discounts = [0, 0, 0, 0, 500, 1_000]
        lines.append(
          Line(
            id: Identifier.make("bln", at: created, using: &rng), product: productIndex, quantity: quantity,
            discountBp: discounts[Int.random(in: 0..<discounts.count, using: &rng)], start: start, end: end
          )
        )
      }
      let closedAt: Int64? = status == 7 ? usageEnd + 2 * Time.day + Int64.random(in: 0...12, using: &rng) * Time.hour : nil
      let updatedAt: Int64
      let version: Int
      switch status {
      case 7:
        updatedAt = closedAt ?? usageEnd
        version = 5
      case 6:
        updatedAt = usageEnd + 2 * Time.hour
        version = 4
      case 5:
        updatedAt = usageStart - 2 * Time.hour
        version = 3
      default:
        updatedAt = createdAt + Int64.random(in: 1...72, using: &rng) * Time.hour
        version = 2
      }
      bookings.append(
        Booking(
          id: id, status: status, customer: Int.random(in: 0..<Self.customerCount, using: &rng), usageStart: usageStart, usageEnd: usageEnd,
          planningStart: lines.map(\.start).min() ?? usageStart, planningEnd: lines.map(\.end).max() ?? usageEnd, createdAt: createdAt,
          updatedAt: updatedAt, closedAt: closedAt, version: version, title: "Event \(Int.random(in: 1...99_999, using: &rng))",
          venue: "Venue \(Int.random(in: 1...800, using: &rng))", cancelReason: status == 8 ? "called off by the customer" : "",
          lines: lines
        )
      )
    }

    // Numbers as the service gives them: "RG-<year created>-<5 digits>", gap-free per year in
    // order of creation; the series counters continue from there.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
    let order = bookings.indices.sorted { (bookings[$0].createdAt, bookings[$0].id) < (bookings[$1].createdAt, bookings[$1].id) }
    var series: [Int: Int] = [:]
    for index in order {
      let year = calendar.component(.year, from: Time.date(bookings[index].createdAt))
      let next = (series[year] ?? 0) + 1
      series[year] = next
      bookings[index].number = "RG-\(year)-\(padded(next, 5))"
    }

    let chunk = 20_000
    for first in stride(from: 0, to: order.count, by: chunk) {
      try store.writer.write { db in
        let insertBooking = try db.makeStatement(sql: InsertSQL.booking)
        let insertLine = try db.makeStatement(sql: InsertSQL.line)
        let insertHold = try db.makeStatement(sql: InsertSQL.hold)
        for index in order[first..<min(first + chunk, order.count)] {
          let booking = bookings[index]
          try insertBooking.execute(arguments: [
            booking.id, booking.number, booking.status, customerIDs[booking.customer], booking.title, booking.venue, booking.usageStart,
            booking.usageEnd, booking.planningStart, booking.planningEnd, booking.createdAt, booking.updatedAt, booking.closedAt,
            booking.version, booking.cancelReason,
          ])
          let days = Int((booking.usageEnd - booking.usageStart + Time.day - 1) / Time.day)
          let out = [5, 6, 7].contains(booking.status)
          let back = [6, 7].contains(booking.status)
          for (position, line) in booking.lines.enumerated() {
            let product = products[line.product]
            try insertLine.execute(arguments: [
              line.id, booking.id, position, product.id, product.name, line.quantity, product.dayPrice, days, line.discountBp,
              out ? line.quantity : 0, back ? line.quantity : 0,
            ])
            if (3...6).contains(booking.status) {
              try insertHold.execute(arguments: [booking.id, line.id, product.id, line.start, line.end, line.quantity])
            }
          }
        }
      }
    }
    try store.writer.write { db in
      for (year, last) in series.sorted(by: { $0.key < $1.key }) {
        try db.execute(sql: InsertSQL.series, arguments: ["RG-\(year)", last])
      }
    }

    // Everything into the main file, so that the file alone is the data set.
    try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    let rows = try store.reader.read { db in
      var rows: [String: Int] = [:]
      for table in ["products", "assets", "cases", "customers", "barcodes", "bookings", "booking_lines", "stock_holds", "document_series"] {
        rows[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
      }
      return rows
    }
    try (store.writer as? DatabasePool)?.close()

    var byStatus: [String: Int] = [:]
    let names = [3: "confirmed", 5: "checked_out", 6: "returned", 7: "closed", 8: "canceled"]
    for booking in bookings { byStatus[names[booking.status] ?? String(booking.status), default: 0] += 1 }
    let elapsed = ContinuousClock.now - started
    return Report(
      seed: self.seed, seconds: secondsOf(elapsed), megabytes: fileSize(path) / 1_048_576, rows: rows, bookingsByStatus: byStatus,
      linesOverCapacity: linesOverCapacity
    )
  }
}

/// A duration in seconds.
func secondsOf(_ duration: Duration) -> Double {
  let (whole, attoseconds) = duration.components
  return Double(whole) + Double(attoseconds) / 1e18
}

/// The size of a file in bytes (0 if it cannot be read).
func fileSize(_ path: String) -> Int {
  guard let value = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] else { return 0 }
  if let number = value as? NSNumber { return number.intValue }
  if let number = value as? UInt64 { return Int(number) }
  if let number = value as? Int { return number }
  return 0
}
