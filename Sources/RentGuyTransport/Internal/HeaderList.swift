internal import CNGHTTP2

/// An HTTP/2 header block under construction, stored contiguously so that it can be handed to
/// nghttp2 (which copies it) without one allocation per field.
struct HeaderList: Sendable {
  private var storage: [UInt8] = []
  private var fields: [(name: Range<Int>, value: Range<Int>)] = []

  init() {
    self.storage.reserveCapacity(256)
  }

  var count: Int { self.fields.count }

  mutating func add(_ name: String, _ value: String) {
    let nameStart = self.storage.count
    self.storage.append(contentsOf: name.utf8)
    let valueStart = self.storage.count
    self.storage.append(contentsOf: value.utf8)
    self.fields.append((nameStart..<valueStart, valueStart..<self.storage.count))
  }

  /// The fields as strings (for tests and logs).
  var pairs: [(String, String)] {
    self.fields.map { field in
      (
        String(decoding: self.storage[field.name], as: UTF8.self),
        String(decoding: self.storage[field.value], as: UTF8.self)
      )
    }
  }

  /// Calls `body` with an `nghttp2_nv` array pointing into this list.
  func withNameValuePairs<R>(_ body: (UnsafePointer<nghttp2_nv>?, Int) -> R) -> R {
    self.storage.withUnsafeBufferPointer { bytes in
      guard let base = bytes.baseAddress else { return body(nil, 0) }
      let mutableBase = UnsafeMutablePointer(mutating: base)
      var pairs = [nghttp2_nv]()
      pairs.reserveCapacity(self.fields.count)
      for field in self.fields {
        pairs.append(
          nghttp2_nv(
            name: mutableBase + field.name.lowerBound,
            value: mutableBase + field.value.lowerBound,
            namelen: field.name.count,
            valuelen: field.value.count,
            flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)
          )
        )
      }
      return pairs.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
    }
  }
}
