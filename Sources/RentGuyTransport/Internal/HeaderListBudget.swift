/// Counts a header block against the header list size limit while nghttp2 decodes it, before any
/// field is turned into a `String`: nghttp2 does not enforce SETTINGS_MAX_HEADER_LIST_SIZE, and an
/// HPACK block of indexed repeats decodes to far more bytes than it carries.
struct HeaderListBudget {
  /// The most bytes a header list may have (RFC 9113 §6.5.2 size: name + value + 32 per field).
  let limit: Int
  private(set) var used = 0

  init(limit: Int) {
    self.limit = limit
  }

  /// Whether the list has gone over the limit.
  var isExceeded: Bool { self.used > self.limit }

  /// Counts one field; returns `false` once the list is over the limit.
  mutating func admit(nameLength: Int, valueLength: Int) -> Bool {
    self.used += nameLength + valueLength + 32
    return !self.isExceeded
  }
}
