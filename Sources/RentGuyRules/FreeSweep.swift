/// A sweep line over the start and end instants of stock holds that reports how many units are
/// free, moving forward in time only.
///
/// Every change at one instant is applied before the instant is looked at, so a hold ending at
/// `T` is gone before a hold starting at `T` counts: the two never add up (windows are half-open).
struct FreeSweep {
  /// The net change of held units at one instant.
  private struct Change {
    var at: Int64
    var delta: Int
  }

  private let capacity: Int
  private let changes: [Change]
  private var index = 0
  private var used = 0

  /// A sweep over `holds` (empty windows are skipped) for a product with `capacity` units.
  init(capacity: Int, holds: [StockHold]) {
    var events: [Change] = []
    events.reserveCapacity(holds.count * 2)
    for hold in holds where !hold.window.isEmpty && hold.quantity != 0 {
      events.append(Change(at: hold.window.start, delta: hold.quantity))
      events.append(Change(at: hold.window.end, delta: -hold.quantity))
    }
    events.sort { $0.at < $1.at }
    var merged: [Change] = []
    merged.reserveCapacity(events.count)
    for event in events {
      if let last = merged.last, last.at == event.at {
        merged[merged.count - 1].delta += event.delta
      } else {
        merged.append(event)
      }
    }
    self.capacity = capacity
    self.changes = merged
  }

  /// Applies every change up to and including `instant` and returns the units free at `instant`.
  /// `instant` must not be before an instant already passed.
  mutating func free(at instant: Int64) -> Int {
    while self.index < self.changes.count, self.changes[self.index].at <= instant {
      self.used += self.changes[self.index].delta
      self.index += 1
    }
    return self.capacity - self.used
  }

  /// The next instant before `end` at which the number of free units changes, with the units
  /// free from then on; nil when nothing changes before `end`.
  mutating func nextChange(before end: Int64) -> (at: Int64, free: Int)? {
    guard self.index < self.changes.count, self.changes[self.index].at < end else { return nil }
    let change = self.changes[self.index]
    self.used += change.delta
    self.index += 1
    return (change.at, self.capacity - self.used)
  }
}
