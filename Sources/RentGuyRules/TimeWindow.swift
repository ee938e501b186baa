/// A half-open period of time `[start, end)` in milliseconds since the Unix epoch (UTC).
///
/// `end` itself is not part of the window, so a window ending at `T` does not overlap one
/// starting at `T`. A window whose `end` is not after its `start` is empty.
public struct TimeWindow: Sendable, Hashable {
  /// The first instant inside the window, in milliseconds since the Unix epoch.
  public var start: Int64
  /// The first instant after the window, in milliseconds since the Unix epoch.
  public var end: Int64

  /// A window from `start` (included) to `end` (excluded).
  public init(start: Int64, end: Int64) {
    self.start = start
    self.end = end
  }

  /// Whether the window holds no instant at all (`end <= start`).
  public var isEmpty: Bool { self.end <= self.start }

  /// Whether some instant lies in both windows; empty windows overlap nothing.
  public func overlaps(_ other: TimeWindow) -> Bool {
    !self.isEmpty && !other.isEmpty && self.start < other.end && other.start < self.end
  }
}
