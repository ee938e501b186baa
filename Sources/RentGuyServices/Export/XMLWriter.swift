/// A small writer of indented XML 1.0 text: nested elements, attributes and escaped character
/// data, nothing else (no comments, no processing instructions beyond the declaration).
///
/// Every text and attribute value is escaped; characters XML 1.0 cannot carry at all (most
/// control characters, U+FFFE and U+FFFF) are left out.
struct XMLWriter {
  /// The document so far, starting with the XML declaration.
  private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  private var depth = 0

  /// `<name attributes>`, the children `body` writes, then `</name>`.
  mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], body: (inout XMLWriter) -> Void) {
    self.text += self.indent + "<" + name + Self.attributes(attributes) + ">\n"
    self.depth += 1
    body(&self)
    self.depth -= 1
    self.text += self.indent + "</" + name + ">\n"
  }

  /// `<name attributes>value</name>`, the value escaped; written even when `value` is empty.
  mutating func element(_ name: String, _ value: String, _ attributes: KeyValuePairs<String, String> = [:]) {
    self.text += self.indent + "<" + name + Self.attributes(attributes) + ">" + Self.escape(value, inAttribute: false) + "</" + name + ">\n"
  }

  /// Like ``element(_:_:_:)``, but writes nothing when `value` is empty (Peppol allows no empty
  /// elements).
  mutating func optionalElement(_ name: String, _ value: String, _ attributes: KeyValuePairs<String, String> = [:]) {
    guard !value.isEmpty else { return }
    self.element(name, value, attributes)
  }

  /// `text` escaped for character data (`&`, `<`, `>`, and CR so that it survives parsing) or,
  /// with `inAttribute`, for a double-quoted attribute value (also `"`, `'`, tab and line feed).
  static func escape(_ text: String, inAttribute: Bool) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += inAttribute ? "&quot;" : "\""
      case "'": result += inAttribute ? "&apos;" : "'"
      case "\r": result += "&#13;"
      case "\t": result += inAttribute ? "&#9;" : "\t"
      case "\n": result += inAttribute ? "&#10;" : "\n"
      default:
        if Self.isXMLCharacter(scalar) { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }

  /// Whether XML 1.0 allows `scalar` in a document (tab, line feed and carriage return are
  /// handled before this is asked).
  private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF
  }

  /// ` name="value"` for each attribute, values escaped.
  private static func attributes(_ attributes: KeyValuePairs<String, String>) -> String {
    attributes.map { " \($0.key)=\"\(Self.escape($0.value, inAttribute: true))\"" }.joined()
  }

  private var indent: String { String(repeating: "  ", count: self.depth) }
}
