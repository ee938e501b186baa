import Foundation

/// The little of OData v2's query language the Exact mock understands: `$filter=Field eq 'value'`
/// (also `guid'…'`), `$select=A,B`, and the `(guid'…')` key of a single entity.
enum ODataQuery {
  /// `Code eq 'O''Brien'` → `("Code", "O'Brien")`; nil for any other filter. Blanks outside the
  /// quotes may arrive as `+`.
  static func equality(_ filter: String) -> (field: String, value: String)? {
    let characters = Array(filter)
    var index = 0
    func skipBlanks() {
      while index < characters.count, characters[index] == " " || characters[index] == "+" { index += 1 }
    }
    skipBlanks()
    let fieldStart = index
    while index < characters.count, characters[index].isASCII, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
      index += 1
    }
    guard index > fieldStart else { return nil }
    let field = String(characters[fieldStart..<index])
    skipBlanks()
    guard index + 2 <= characters.count, String(characters[index..<index + 2]).lowercased() == "eq" else { return nil }
    index += 2
    skipBlanks()
    if index + 4 <= characters.count, String(characters[index..<index + 4]).lowercased() == "guid" { index += 4 }
    guard index < characters.count, characters[index] == "'" else { return nil }
    index += 1
    var value = ""
    while index < characters.count {
      let character = characters[index]
      if character == "'" {
        if index + 1 < characters.count, characters[index + 1] == "'" {
          value.append("'")
          index += 2
          continue
        }
        index += 1
        skipBlanks()
        guard index == characters.count else { return nil }
        return (field, value)
      }
      value.append(character)
      index += 1
    }
    return nil
  }

  /// `object` with only the properties named in `$select` (all of them without one, or with `*`).
  static func select(_ object: [String: JSONValue], _ select: String?) -> JSONValue {
    guard let select, !select.trimmingCharacters(in: .whitespaces).isEmpty else { return .object(object) }
    let names = select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    if names.contains("*") { return .object(object) }
    var selected: [String: JSONValue] = [:]
    for name in names {
      if let value = object[name] { selected[name] = value }
    }
    return .object(selected)
  }

  /// What follows `SalesEntries(` in a path — `guid'3f…')`, maybe percent-encoded — as the GUID.
  static func guidKey(_ text: String) -> String? {
    var key = Substring(text.removingPercentEncoding ?? text)
    guard key.hasSuffix(")") else { return nil }
    key = key.dropLast()
    if key.lowercased().hasPrefix("guid") { key = key.dropFirst(4) }
    guard key.count >= 3, key.hasPrefix("'"), key.hasSuffix("'") else { return nil }
    let id = key.dropFirst().dropLast()
    guard id.count <= 64 else { return nil }
    return String(id)
  }
}
