/// A coarse answer to "can I have this many?", as shown next to a product.
public enum AvailabilityLevel: Sendable, Hashable {
  /// Enough units are free, with room to spare.
  case available
  /// The request fits, but fewer than `max(2, ceil(total / 10))` units would be left over.
  case limited
  /// Fewer units are free than requested.
  case notAvailable

  /// Classifies a request for `requested` units when `free` units are free out of `total`.
  ///
  /// `notAvailable` when `free < requested`; `limited` when `free - requested` is below
  /// `max(2, ceil(total / 10))`; `available` otherwise.
  public static func classify(free: Int, requested: Int, total: Int) -> AvailabilityLevel {
    guard free >= requested else { return .notAvailable }
    let margin = max(2, total > 0 ? (total + 9) / 10 : 0)
    return free - requested < margin ? .limited : .available
  }
}
