import Foundation
import GRDB
import RentGuyStore

/// The confirm scenario's contention, written into a copy of the data set before timing:
///
/// - `products` hot bulk products of `capacity` units each (8 h buffers);
/// - for each week of 2028 in use and each hot product: CONFIRMED bookings (20–60 units each)
///   that hold all but `free` = capacity / 10 units, and 1.25 × `free` DRAFT bookings of one unit;
/// - every booking of a product in a week overlaps every other (usage starts Tuesday 00:00–12:00
///   and lasts 1–3 days), so exactly `free` of the drafts can be confirmed and the rest must be
///   refused for shortage, whatever the order;
/// - the drafts are confirmed week after week, in a shuffled order within a week.
///
/// So refusals happen at a steady rate (about 1 in 5) however fast the server is, and each
/// confirmation checks the product's ~20 large holds plus up to `free` one-unit holds.
struct ConfirmPool: Sendable {
  struct Draft: Sendable {
    var id: String
    /// Index into `hot`.
    var product: Int
    /// The window its hold would have (usage plus the product's buffers).
    var start: Int64
    var end: Int64
  }

  struct Summary: Encodable {
    var hotProducts: Int
    var capacity: Int
    var freePerWeek: Int
    var draftsPerWeek: Int
    var weeks: Int
    var drafts: Int
    var prefilledBookings: Int
  }

  struct Verification: Encodable {
    /// The most units of one hot product held at any instant (sweep over its firm holds).
    var peakHeld: Int
    var capacity: Int
    /// Hot products whose peak is above their capacity: must be 0.
    var overbookedProducts: Int
    /// CONFIRMED drafts in the database, and OK answers to ConfirmBooking (warm-up included).
    var confirmedInDatabase: Int
    var confirmedAnswers: Int
    /// Holds written for the drafts (one per confirmed draft).
    var draftHolds: Int
    var refusedAnswers: Int
    /// Refused drafts whose window has no unit free at the end (must be all of them).
    var refusalsJustified: Int
    var draftsLeft: Int
    var passed: Bool
  }

  static let buffer = 8 * Time.hour
  static let draftTitle = "bench pool"

  var hot: [String]
  var capacity: Int
  var free: Int
  var perWeek: Int
  var weeks: Int
  var prefilled: Int
  var drafts: [Draft]

  var summary: Summary {
    Summary(
      hotProducts: self.hot.count, capacity: self.capacity, freePerWeek: self.free, draftsPerWeek: self.perWeek * self.hot.count,
      weeks: self.weeks, drafts: self.drafts.count, prefilledBookings: self.prefilled
    )
  }

  /// Writes the hot products, the pre-filled bookings and about `size` drafts (whole weeks, at
  /// most 52).
  static func prepare(store: Store, products: Int, capacity: Int, size: Int, seed: UInt64) throws -> ConfirmPool {
    var rng = SeededGenerator(seed: seed ^ 0x00C0_FF1E_2028)
    let free = max(1, capacity / 10)
    let perWeek = Int((Double(free) * 1.25).rounded(.up))
    let weeks = min(52, max(1, (size + products * perWeek - 1) / (products * perWeek)))
    let now = Time.now()
    let idTime = Time.date(now)
    // Numbers continue the series of the current year, as CreateBooking would take them.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
    let year = calendar.component(.year, from: Date())
    let series = "RG-\(year)"

    return try store.writer.write { db in
      let customers = try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id")
      precondition(!customers.isEmpty, "the data set has no customers")
      var last = try Int.fetchOne(db, sql: "SELECT last_number FROM document_series WHERE series = ?", arguments: [series]) ?? 0
      let insertProduct = try db.makeStatement(sql: InsertSQL.product)
      let insertBarcode = try db.makeStatement(sql: InsertSQL.barcode)
      var hot: [String] = []
      for index in 0..<products {
        let id = Identifier.make("prd", at: idTime, using: &rng)
        let barcode = "HOTBC-\(padded(index + 1, 4))"
        let bulkBarcode: String? = barcode
        try insertProduct.execute(arguments: [
          id, "Hot item \(padded(index + 1, 2))", "HOT-\(padded(index + 1, 4))", 2, "Hot", 500, 12_500, Self.buffer, Self.buffer,
          capacity, bulkBarcode,
        ])
        try insertBarcode.execute(arguments: [barcode, "bulk", id])
        hot.append(id)
      }

      let insertBooking = try db.makeStatement(sql: InsertSQL.booking)
      let insertLine = try db.makeStatement(sql: InsertSQL.line)
      let insertHold = try db.makeStatement(sql: InsertSQL.hold)
      var prefilled = 0
      var drafts: [Draft] = []
      for week in 0..<weeks {
        let weekStart = Time.firstMonday2028 + Int64(week) * 7 * Time.day
        var thisWeek: [Draft] = []
        for (productIndex, productID) in hot.enumerated() {
          var held = 0
          var remaining = perWeek
          while held < capacity - free || remaining > 0 {
            // Pre-filled CONFIRMED bookings first, then the one-unit drafts.
            let draft = held >= capacity - free
            let quantity = draft ? 1 : min(capacity - free - held, Int.random(in: 20...60, using: &rng))
            let usageStart = weekStart + Time.day + Int64.random(in: 0...12, using: &rng) * Time.hour
            let usageEnd = usageStart + Int64.random(in: 1...3, using: &rng) * Time.day
            let id = Identifier.make("bkg", at: idTime, using: &rng)
            let lineID = Identifier.make("bln", at: idTime, using: &rng)
            let customer = customers[Int.random(in: 0..<customers.count, using: &rng)]
            last += 1
            let closedAt: Int64? = nil
            let status = draft ? 1 : 3
            let title = draft ? Self.draftTitle : "bench pre-filled"
            try insertBooking.execute(arguments: [
              id, "RG-\(year)-\(padded(last, 5))", status, customer, title, "Bench venue", usageStart, usageEnd, usageStart - Self.buffer,
              usageEnd + Self.buffer, now, now, closedAt, 1, "",
            ])
            let days = Int((usageEnd - usageStart) / Time.day)
            try insertLine.execute(arguments: [lineID, id, 0, productID, "Hot item", quantity, 500, days, 0, 0, 0])
            if draft {
              thisWeek.append(Draft(id: id, product: productIndex, start: usageStart - Self.buffer, end: usageEnd + Self.buffer))
              remaining -= 1
            } else {
              try insertHold.execute(arguments: [id, lineID, productID, usageStart - Self.buffer, usageEnd + Self.buffer, quantity])
              held += quantity
              prefilled += 1
            }
          }
        }
        thisWeek.shuffle(using: &rng)
        drafts += thisWeek
      }
      try db.execute(sql: InsertSQL.series, arguments: [series, last])
      return ConfirmPool(hot: hot, capacity: capacity, free: free, perWeek: perWeek, weeks: weeks, prefilled: prefilled, drafts: drafts)
    }
  }

  /// After the run: no hot product is held beyond its capacity at any instant, every OK answer
  /// is a CONFIRMED draft with its hold, and every refused draft had no unit left.
  func verify(store: Store, confirmedAnswers: Int, refused: [Int]) throws -> Verification {
    try store.reader.read { db in
      var holds: [[Hold]] = []
      var peakHeld = 0
      var overbooked = 0
      for id in self.hot {
        let rows = try Row.fetchAll(
          db, sql: "SELECT start_at, end_at, quantity FROM stock_holds WHERE product_id = ? AND firm = 1", arguments: [id]
        )
        let productHolds = rows.map { row in Hold(start: row["start_at"], end: row["end_at"], quantity: row["quantity"]) }
        holds.append(productHolds)
        let peak = Self.peak(productHolds, from: Int64.min, to: Int64.max)
        peakHeld = max(peakHeld, peak)
        if peak > self.capacity { overbooked += 1 }
      }
      let confirmed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bookings WHERE title = ? AND status = 3", arguments: [Self.draftTitle]) ?? 0
      let left = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bookings WHERE title = ? AND status = 1", arguments: [Self.draftTitle]) ?? 0
      let draftHolds =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM stock_holds WHERE booking_id IN (SELECT id FROM bookings WHERE title = ?)", arguments: [Self.draftTitle]
        ) ?? 0
      var justified = 0
      for index in refused {
        let draft = self.drafts[index]
        if self.capacity - Self.peak(holds[draft.product], from: draft.start, to: draft.end) < 1 { justified += 1 }
      }
      let passed = overbooked == 0 && confirmed == confirmedAnswers && draftHolds == confirmed && justified == refused.count
      return Verification(
        peakHeld: peakHeld, capacity: self.capacity, overbookedProducts: overbooked, confirmedInDatabase: confirmed,
        confirmedAnswers: confirmedAnswers, draftHolds: draftHolds, refusedAnswers: refused.count, refusalsJustified: justified,
        draftsLeft: left, passed: passed
      )
    }
  }

  struct Hold {
    var start: Int64
    var end: Int64
    var quantity: Int
  }

  /// The most units held at once within [from, to) (holds are half-open [start, end)).
  static func peak(_ holds: [Hold], from: Int64, to: Int64) -> Int {
    var changes: [(at: Int64, delta: Int)] = []
    for hold in holds where hold.start < to && hold.end > from {
      changes.append((max(hold.start, from), hold.quantity))
      changes.append((hold.end, -hold.quantity))
    }
    // At the same instant, ends before starts: a hold ending at t and one starting at t don't overlap.
    changes.sort { $0.at != $1.at ? $0.at < $1.at : $0.delta < $1.delta }
    var level = 0
    var peak = 0
    for change in changes {
      level += change.delta
      peak = max(peak, level)
    }
    return peak
  }
}
