/// What one window of an availability timeline (typically one day) looks like for one product.
public struct TimelineDay: Sendable, Hashable {
  /// The lowest number of free units at any instant in the window; negative when overbooked.
  public var free: Int
  /// The bookings whose holds overlap the window, sorted and without duplicates.
  public var bookingIDs: [String]

  /// A timeline entry with `free` units at the lowest point and the bookings `bookingIDs`.
  public init(free: Int, bookingIDs: [String]) {
    self.free = free
    self.bookingIDs = bookingIDs
  }
}
