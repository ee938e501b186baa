/// How many units of a product are free over time, given its capacity and the holds on it.
///
/// All functions sweep over the start and end instants of the holds (sorted once), so they cost
/// O(n log n) in the number of holds and windows, never holds × windows. Free counts are not
/// clamped: a negative count means the stock is overbooked.
public enum Availability: Sendable {
  /// The lowest number of free units at any instant in `window`, and the first instant at which
  /// that lowest number is reached (`window.start` when no hold overlaps the window).
  ///
  /// Free at instant `t` is `capacity` minus the quantities of the holds covering `t`; holds
  /// outside the window are ignored. An empty window returns `(capacity, window.start)`.
  public static func lowestFree(capacity: Int, holds: [StockHold], over window: TimeWindow) -> (free: Int, at: Int64) {
    guard !window.isEmpty else { return (capacity, window.start) }
    var sweep = FreeSweep(capacity: capacity, holds: holds.filter { $0.window.overlaps(window) })
    var lowest = (free: sweep.free(at: window.start), at: window.start)
    while let change = sweep.nextChange(before: window.end) {
      if change.free < lowest.free { lowest = (change.free, change.at) }
    }
    return lowest
  }

  /// The first instant in `window` at which fewer than `requested` units are free, or nil when
  /// `requested` units are free during the whole window.
  public static func firstShortage(capacity: Int, holds: [StockHold], requested: Int, over window: TimeWindow) -> Int64? {
    guard !window.isEmpty else { return nil }
    var sweep = FreeSweep(capacity: capacity, holds: holds.filter { $0.window.overlaps(window) })
    if sweep.free(at: window.start) < requested { return window.start }
    while let change = sweep.nextChange(before: window.end) {
      if change.free < requested { return change.at }
    }
    return nil
  }

  /// For each of `windows` (typically the days of a calendar), the lowest number of free units
  /// during it and the sorted, de-duplicated ids of the bookings whose holds overlap it.
  ///
  /// `windows` must be sorted and must not overlap one another. An empty window reports
  /// `capacity` and no bookings. Costs O((holds + windows) log) plus the size of the answer.
  public static func timeline(capacity: Int, holds: [StockHold], windows: [TimeWindow]) -> [TimelineDay] {
    var bookingIDs = [[String]](repeating: [], count: windows.count)
    for hold in holds where !hold.window.isEmpty {
      var index = Self.firstWindow(endingAfter: hold.window.start, in: windows)
      while index < windows.count, windows[index].start < hold.window.end {
        if windows[index].overlaps(hold.window) { bookingIDs[index].append(hold.bookingID) }
        index += 1
      }
    }
    var sweep = FreeSweep(capacity: capacity, holds: holds)
    return windows.indices.map { index in
      let window = windows[index]
      guard !window.isEmpty else { return TimelineDay(free: capacity, bookingIDs: []) }
      var lowest = sweep.free(at: window.start)
      while let change = sweep.nextChange(before: window.end) {
        lowest = min(lowest, change.free)
      }
      return TimelineDay(free: lowest, bookingIDs: Self.sortedUnique(bookingIDs[index]))
    }
  }

  /// How many whole kits the components allow: the lowest `free / perKit` (rounded down) over
  /// the components, never below 0. No components gives 0.
  ///
  /// A product used by several parts of one kit must be passed once, with its per-kit
  /// quantities added up. Components with `perKit <= 0` do not limit the count.
  public static func wholeKits(_ components: [(free: Int, perKit: Int)]) -> Int {
    let kits = components.filter { $0.perKit > 0 }.map { $0.free / $0.perKit }
    guard let fewest = kits.min() else { return 0 }
    return max(0, fewest)
  }

  /// The index of the first window whose end is after `instant` (binary search; `windows` sorted).
  private static func firstWindow(endingAfter instant: Int64, in windows: [TimeWindow]) -> Int {
    var low = 0
    var high = windows.count
    while low < high {
      let middle = low + (high - low) / 2
      if windows[middle].end <= instant {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }

  /// `ids` sorted with duplicates removed.
  private static func sortedUnique(_ ids: [String]) -> [String] {
    var unique: [String] = []
    for id in ids.sorted() where unique.last != id {
      unique.append(id)
    }
    return unique
  }
}
