import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a document parsed by Foundation's `XMLParser`, named by the UBL prefix of its
/// namespace ("cbc:ID", "cac:Party"; no prefix for the document's own namespace), so a test sees
/// both the element and that its namespace is the right one.
final class ParsedElement {
  /// "cbc:ID"; "{namespace}name" for a namespace UBL does not use.
  let name: String
  let namespace: String
  let attributes: [String: String]
  /// The character data directly inside the element (indentation included for containers).
  var text = ""
  var children: [ParsedElement] = []

  init(name: String, namespace: String, attributes: [String: String]) {
    self.name = name
    self.namespace = namespace
    self.attributes = attributes
  }

  /// The names of the children, in document order.
  var childNames: [String] { self.children.map(\.name) }

  /// The children named `name`.
  func all(_ name: String) -> [ParsedElement] { self.children.filter { $0.name == name } }

  /// The first element down the path of child names, e.g. "cac:Party/cac:PartyName/cbc:Name".
  func at(_ path: String) -> ParsedElement? {
    var element: ParsedElement? = self
    for name in path.split(separator: "/") {
      element = element?.children.first { $0.name == name }
    }
    return element
  }

  /// This element and every element inside it, depth first.
  var descendants: [ParsedElement] { [self] + self.children.flatMap(\.descendants) }
}

/// Builds a ``ParsedElement`` tree with `XMLParser` (namespaces processed).
final class ParsedXML: NSObject, XMLParserDelegate {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static let prefixes = [
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2": "",
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2": "",
  ]

  private var stack: [ParsedElement] = []
  private var root: ParsedElement?

  /// The root element of `data`.
  static func parse(_ data: Data) throws -> ParsedElement {
    let parser = XMLParser(data: data)
    let builder = ParsedXML()
    parser.delegate = builder
    parser.shouldProcessNamespaces = true
    guard parser.parse(), let root = builder.root else {
      throw Failure(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root element")")
    }
    return root
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
    attributes attributeDict: [String: String]
  ) {
    let namespace = namespaceURI ?? ""
    let name = Self.prefixes[namespace].map { $0.isEmpty ? elementName : "\($0):\(elementName)" } ?? "{\(namespace)}\(elementName)"
    let element = ParsedElement(name: name, namespace: namespace, attributes: attributeDict)
    if let parent = self.stack.last {
      parent.children.append(element)
    } else {
      self.root = element
    }
    self.stack.append(element)
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
    _ = self.stack.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    self.stack.last?.text += string
  }
}
