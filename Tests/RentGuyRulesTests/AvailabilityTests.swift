import Testing

@testable import RentGuyRules

@Suite("availability")
struct AvailabilityTests {
  static let hour: Int64 = 3_600_000
  static let day: Int64 = 24 * hour

  static func hold(_ bookingID: String, _ start: Int64, _ end: Int64, _ quantity: Int) -> StockHold {
    StockHold(bookingID: bookingID, window: TimeWindow(start: start, end: end), quantity: quantity)
  }

  @Test("a window ending at T does not overlap one starting at T, and empty windows overlap nothing")
  func halfOpenWindows() {
    let morning = TimeWindow(start: 0, end: 10 * Self.hour)
    let afternoon = TimeWindow(start: 10 * Self.hour, end: 20 * Self.hour)
    #expect(!morning.overlaps(afternoon))
    #expect(!afternoon.overlaps(morning))
    #expect(morning.overlaps(TimeWindow(start: 10 * Self.hour - 1, end: 11 * Self.hour)))
    #expect(!morning.overlaps(TimeWindow(start: 5 * Self.hour, end: 5 * Self.hour)))
  }

  @Test("a hold ending at T leaves the unit free for a hold starting at T")
  func backToBackHolds() {
    let holds = [Self.hold("A", 0, 10 * Self.hour, 1), Self.hold("B", 10 * Self.hour, 20 * Self.hour, 1)]
    let whole = TimeWindow(start: 0, end: 20 * Self.hour)
    // Never both at once: the lowest is 0, not -1.
    #expect(Availability.lowestFree(capacity: 1, holds: holds, over: whole) == (free: 0, at: 0))
    let evening = TimeWindow(start: 20 * Self.hour, end: 30 * Self.hour)
    #expect(Availability.lowestFree(capacity: 1, holds: holds, over: evening) == (free: 1, at: 20 * Self.hour))
    let afterFirst = TimeWindow(start: 10 * Self.hour, end: 20 * Self.hour)
    #expect(Availability.firstShortage(capacity: 1, holds: [holds[0]], requested: 1, over: afterFirst) == nil)
  }

  @Test("the lowest free count and the first instant it is reached, ignoring holds outside the window")
  func lowestFree() {
    // Capacity 5: A holds 2 during [2h, 6h), B 1 during [4h, 8h), C 1 during [5h, 7h), D 5 from 10h on.
    // Free: 5 until 2h, 3 from 2h, 2 from 4h, 1 from 5h, 3 from 6h, 4 from 7h, 5 from 8h, 0 from 10h.
    let holds = [
      Self.hold("A", 2 * Self.hour, 6 * Self.hour, 2), Self.hold("B", 4 * Self.hour, 8 * Self.hour, 1),
      Self.hold("C", 5 * Self.hour, 7 * Self.hour, 1), Self.hold("D", 10 * Self.hour, 12 * Self.hour, 5),
    ]
    let morning = TimeWindow(start: 0, end: 10 * Self.hour)
    #expect(Availability.lowestFree(capacity: 5, holds: holds, over: morning) == (free: 1, at: 5 * Self.hour))
    let later = TimeWindow(start: 6 * Self.hour, end: 10 * Self.hour)
    #expect(Availability.lowestFree(capacity: 5, holds: holds, over: later) == (free: 3, at: 6 * Self.hour))
    #expect(Availability.lowestFree(capacity: 5, holds: [], over: TimeWindow(start: 7, end: 9)) == (free: 5, at: 7))
  }

  @Test("overbooked stock reports a negative free count instead of clamping at zero")
  func overbooked() {
    let holds = [Self.hold("A", 0, 10, 1), Self.hold("B", 5, 15, 2)]
    #expect(Availability.lowestFree(capacity: 1, holds: holds, over: TimeWindow(start: 0, end: 20)) == (free: -2, at: 5))
  }

  @Test("the first shortage is the first instant with fewer units free than requested")
  func firstShortage() {
    let holds = [
      Self.hold("A", 2 * Self.hour, 6 * Self.hour, 2), Self.hold("B", 4 * Self.hour, 8 * Self.hour, 1),
      Self.hold("C", 5 * Self.hour, 7 * Self.hour, 1),
    ]
    let window = TimeWindow(start: 0, end: 10 * Self.hour)
    #expect(Availability.firstShortage(capacity: 5, holds: holds, requested: 1, over: window) == nil)
    #expect(Availability.firstShortage(capacity: 5, holds: holds, requested: 2, over: window) == 5 * Self.hour)
    #expect(Availability.firstShortage(capacity: 5, holds: holds, requested: 4, over: window) == 2 * Self.hour)
    #expect(Availability.firstShortage(capacity: 5, holds: holds, requested: 6, over: window) == 0)
  }

  @Test("with one unit held from day 0 10:00 to day 2 10:00, a request 12 h after the end fits and one 12 h before it does not")
  func buffersAroundAHold() {
    let holds = [Self.hold("A", 10 * Self.hour, 2 * Self.day + 10 * Self.hour, 1)]
    let after = TimeWindow(start: 2 * Self.day + 22 * Self.hour, end: 3 * Self.day + 22 * Self.hour)
    #expect(Availability.firstShortage(capacity: 1, holds: holds, requested: 1, over: after) == nil)
    #expect(Availability.lowestFree(capacity: 1, holds: holds, over: after) == (free: 1, at: after.start))
    let before = TimeWindow(start: Self.day + 22 * Self.hour, end: 2 * Self.day + 22 * Self.hour)
    #expect(Availability.firstShortage(capacity: 1, holds: holds, requested: 1, over: before) == before.start)
    #expect(Availability.lowestFree(capacity: 1, holds: holds, over: before) == (free: 0, at: before.start))
  }

  @Test("a three-day timeline lists the lowest free count and the sorted, de-duplicated bookings of each day")
  func threeDayTimeline() {
    let days = (0..<3).map { TimeWindow(start: Int64($0) * Self.day, end: Int64($0 + 1) * Self.day) }
    let holds = [
      Self.hold("B-0", -Self.day, 0, 4),  // ends as day 0 starts: not on day 0
      Self.hold("B-2", 10 * Self.hour, Self.day + 10 * Self.hour, 2),
      Self.hold("B-1", Self.day + 12 * Self.hour, 3 * Self.day, 1),
      Self.hold("B-1", Self.day + 14 * Self.hour, Self.day + 16 * Self.hour, 2),
      Self.hold("B-3", 2 * Self.day, 2 * Self.day + 6 * Self.hour, 3),
    ]
    // Day 0: 4 free, 2 from 10:00. Day 1: 2 until 10:00, 4, 3 from 12:00, 1 from 14:00, 3 from 16:00.
    // Day 2: B-1 (1) and B-3 (3) hold all 4 units until 06:00.
    #expect(
      Availability.timeline(capacity: 4, holds: holds, windows: days) == [
        TimelineDay(free: 2, bookingIDs: ["B-2"]),
        TimelineDay(free: 1, bookingIDs: ["B-1", "B-2"]),
        TimelineDay(free: 0, bookingIDs: ["B-1", "B-3"]),
      ])
    #expect(Availability.timeline(capacity: 4, holds: holds, windows: []) == [])
  }

  @Test("the timeline sweep agrees with looking at every window on its own", arguments: [1, 2, 3, 4, 5])
  func timelineMatchesBruteForce(seed: UInt64) {
    var random = SplitMix(seed: seed)
    let windows = (0..<40).map { TimeWindow(start: Int64($0) * 100, end: Int64($0) * 100 + 100 - Int64($0 % 3) * 10) }
    let holds = (0..<120).map { _ -> StockHold in
      let start = Int64(random.next(below: 4_200)) - 100
      return Self.hold("B-\(random.next(below: 30))", start, start + Int64(random.next(below: 400)), 1 + Int(random.next(below: 3)))
    }
    let timeline = Availability.timeline(capacity: 10, holds: holds, windows: windows)
    for (window, day) in zip(windows, timeline) {
      #expect(day.free == Availability.lowestFree(capacity: 10, holds: holds, over: window).free)
      #expect(day.bookingIDs == Set(holds.filter { $0.window.overlaps(window) }.map(\.bookingID)).sorted())
    }
  }

  @Test("whole kits are limited by the scarcest component and never negative")
  func wholeKits() {
    // A PA kit: 2 speakers, 1 mixer, 4 cables. 7 speakers → 3 kits, 5 mixers → 5, 13 cables → 3.
    #expect(Availability.wholeKits([(free: 7, perKit: 2), (free: 5, perKit: 1), (free: 13, perKit: 4)]) == 3)
    #expect(Availability.wholeKits([(free: 1, perKit: 2), (free: 5, perKit: 1)]) == 0)
    #expect(Availability.wholeKits([(free: -3, perKit: 1), (free: 5, perKit: 1)]) == 0)
    #expect(Availability.wholeKits([]) == 0)
  }

  @Test("a product shared by two parts of a kit is passed once with its per-kit quantities added")
  func wholeKitsWithSharedProducts() {
    // The kit's stage part needs 2 XLR cables and its monitor part 3: 5 per kit. With 10 cables free
    // that is 2 kits (listing the cable twice, as 10/2 and 10/3, would wrongly promise 3).
    #expect(Availability.wholeKits([(free: 10, perKit: 2 + 3), (free: 6, perKit: 1)]) == 2)
    // Free counts already net of other bookings: another kit holding 4 of the 10 cables leaves 1 kit.
    #expect(Availability.wholeKits([(free: 10 - 4, perKit: 5), (free: 6, perKit: 1)]) == 1)
  }
}

/// A small deterministic generator (SplitMix64) so the comparison tests are reproducible.
struct SplitMix {
  var state: UInt64

  init(seed: UInt64) { self.state = seed }

  mutating func next(below bound: UInt64) -> UInt64 {
    self.state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = self.state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return (mixed ^ (mixed >> 31)) % bound
  }
}
