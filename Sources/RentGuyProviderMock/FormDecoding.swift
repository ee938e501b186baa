import Foundation

/// A decoded `application/x-www-form-urlencoded` body in Stripe's bracket notation
/// (`metadata[order]=7`, `line_items[0][price_data][unit_amount]=1000`, `expand[]=x`) as a tree.
///
/// Never traps on hostile input: too many pairs, too deep keys, malformed brackets and bad
/// percent-escapes are cut off or taken literally; a key that is both a value and an object keeps
/// whichever came first.
struct FormFields: Sendable {
  /// A node of the tree: a leaf value or an object keyed by the bracket segment.
  indirect enum Node: Sendable {
    case value(String)
    case object([String: Node])
  }

  static let maximumPairs = 2_000
  static let maximumDepth = 10

  private(set) var root: [String: Node] = [:]

  /// Decodes `body` (the raw form body, or a URL query string).
  init(decoding body: String) {
    var pairCount = 0
    for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
      pairCount += 1
      if pairCount > Self.maximumPairs { break }
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = Self.percentDecode(parts.first.map(String.init) ?? "")
      let value = parts.count > 1 ? Self.percentDecode(String(parts[1])) : ""
      guard let path = Self.keyPath(key), !path.isEmpty else { continue }
      self.root = Self.inserting(value, at: path[...], into: self.root)
    }
  }

  /// The leaf at `path` (`string("metadata", "order")`).
  func string(_ path: String...) -> String? {
    if case .value(let value) = self.node(path) { return value }
    return nil
  }

  /// The node at `path`.
  func node(_ path: [String]) -> Node? {
    guard let first = path.first, var node = self.root[first] else { return nil }
    for segment in path.dropFirst() {
      guard case .object(let children) = node, let child = children[segment] else { return nil }
      node = child
    }
    return node
  }

  /// Whether anything was sent under `path`.
  func has(_ path: String...) -> Bool {
    self.node(path) != nil
  }

  /// The string leaves directly under `path` (`dictionary("metadata")`); empty when absent.
  func dictionary(_ path: String...) -> [String: String] {
    guard case .object(let children) = self.node(path) else { return [:] }
    var result: [String: String] = [:]
    for (key, child) in children {
      if case .value(let value) = child { result[key] = value }
    }
    return result
  }

  /// The child keys under `path` that are array indices, in numeric order (`indices("line_items")`).
  func indices(_ path: String...) -> [String] {
    guard case .object(let children) = self.node(path) else { return [] }
    return children.keys
      .compactMap { key in Int(key).map { (key, $0) } }
      .sorted { $0.1 < $1.1 }
      .map(\.0)
  }

  // MARK: - Parsing

  /// `+` as space, then percent-escapes; a malformed escape leaves the text as it was.
  static func percentDecode(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    var pending: [UInt8] = []
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "+"):
        bytes.append(UInt8(ascii: " "))
      case UInt8(ascii: "%"):
        pending = [byte]
        guard let high = iterator.next() else { bytes += pending; continue }
        pending.append(high)
        guard let low = iterator.next() else { bytes += pending; continue }
        pending.append(low)
        if let h = Self.hexValue(high), let l = Self.hexValue(low) { bytes.append(h << 4 | l) } else { return text.replacingOccurrences(of: "+", with: " ") }
      default:
        bytes.append(byte)
      }
    }
    // A malformed escape or invalid UTF-8 leaves the text as it was (with `+` as space).
    return String(validating: bytes, as: UTF8.self) ?? text.replacingOccurrences(of: "+", with: " ")
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  /// `a[b][0][]` → `["a", "b", "0", ""]`; a malformed key is taken as one flat name.
  static func keyPath(_ key: String) -> [String]? {
    guard let openIndex = key.firstIndex(of: "[") else { return key.isEmpty ? nil : [key] }
    let base = String(key[..<openIndex])
    guard !base.isEmpty else { return nil }
    var path = [base]
    var rest = key[openIndex...]
    while !rest.isEmpty {
      guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return [key] }
      path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
      if path.count > Self.maximumDepth { return nil }
      rest = rest[rest.index(after: close)...]
    }
    return path
  }

  private static func inserting(_ value: String, at path: ArraySlice<String>, into object: [String: Node]) -> [String: Node] {
    guard var segment = path.first else { return object }
    var object = object
    // `[]` appends: the next free index.
    if segment.isEmpty { segment = String(object.count) }
    let rest = path.dropFirst()
    if rest.isEmpty {
      if object[segment] == nil { object[segment] = .value(value) }
      return object
    }
    switch object[segment] {
    case .none:
      object[segment] = .object(Self.inserting(value, at: rest, into: [:]))
    case .object(let children)?:
      object[segment] = .object(Self.inserting(value, at: rest, into: children))
    case .value?:
      break  // first one wins
    }
    return object
  }
}
