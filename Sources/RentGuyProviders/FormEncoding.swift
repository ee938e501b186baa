/// `application/x-www-form-urlencoded` both ways: Stripe's requests (bracketed keys such as
/// `metadata[payment_id]`, in the order given) and Mollie's webhook body (`id=tr_…`).
public enum FormEncoding {
  /// `pairs` encoded in order.
  public static func encode(_ pairs: [(String, String)]) -> String {
    pairs.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
  }

  /// The fields of a form body; nil when it is not one (bad percent-encoding, not UTF-8). A key
  /// given twice keeps its first value.
  public static func decode(_ body: [UInt8]) -> [String: String]? {
    guard let text = String(validating: body, as: UTF8.self) else { return nil }
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let key = Self.unescape(parts[0]), let value = Self.unescape(parts.count > 1 ? parts[1] : "") else { return nil }
      if fields[key] == nil { fields[key] = value }
    }
    return fields
  }

  private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

  static func escape(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      if Self.unreserved.contains(byte) {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }

  static func unescape(_ text: Substring) -> String? {
    var bytes: [UInt8] = []
    var index = text.utf8.startIndex
    let utf8 = text.utf8
    while index < utf8.endIndex {
      let byte = utf8[index]
      if byte == UInt8(ascii: "+") {
        bytes.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%") {
        let high = utf8.index(after: index)
        guard high < utf8.endIndex else { return nil }
        let low = utf8.index(after: high)
        guard low < utf8.endIndex, let h = Self.hex(utf8[high]), let l = Self.hex(utf8[low]) else { return nil }
        bytes.append(h << 4 | l)
        index = low
      } else {
        bytes.append(byte)
      }
      index = utf8.index(after: index)
    }
    return String(validating: bytes, as: UTF8.self)
  }

  /// The value of one hex digit (either case); nil for anything else.
  static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
