/// A JSON request body written exactly: keys in the order given and amounts as decimals with two
/// places (`100.00`), which JSONSerialization does not promise (it may write `100` or
/// `100.00000000000001`). Moneybird and Exact Online bodies.
enum JSONText: Sendable {
  case string(String)
  case integer(Int64)
  /// Minor units written as a JSON number with two decimals: 10000 → `100.00`, -1210 → `-12.10`.
  case decimal(minor: Int64)
  case bool(Bool)
  case null
  case array([JSONText])
  case object([(String, JSONText)])

  /// The UTF-8 text.
  var bytes: [UInt8] {
    var out: [UInt8] = []
    self.write(into: &out)
    return out
  }

  func write(into out: inout [UInt8]) {
    switch self {
    case .string(let text):
      Self.write(string: text, into: &out)
    case .integer(let value):
      out.append(contentsOf: String(value).utf8)
    case .decimal(let minor):
      out.append(contentsOf: DecimalAmount.string(minor: minor).utf8)
    case .bool(let value):
      out.append(contentsOf: (value ? "true" : "false").utf8)
    case .null:
      out.append(contentsOf: "null".utf8)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        item.write(into: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Self.write(string: member.0, into: &out)
        out.append(UInt8(ascii: ":"))
        member.1.write(into: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// `text` quoted, with `"`, `\` and control characters escaped.
  static func write(string text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        out.append(UInt8(ascii: "\\"))
        out.append(byte)
      case UInt8(ascii: "\n"):
        out.append(contentsOf: "\\n".utf8)
      case UInt8(ascii: "\r"):
        out.append(contentsOf: "\\r".utf8)
      case UInt8(ascii: "\t"):
        out.append(contentsOf: "\\t".utf8)
      case 0..<0x20:
        out.append(contentsOf: "\\u00".utf8)
        out.append(Self.hexDigits[Int(byte >> 4)])
        out.append(Self.hexDigits[Int(byte & 0x0F)])
      default:
        out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
