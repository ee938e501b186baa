import Foundation
import Testing

@testable import RentGuyProviders

@Suite("form encoding")
struct FormEncodingTests {
  @Test("encode then decode gives the fields back: brackets, spaces, +, %, &, =, unicode, empty values")
  func roundTrip() {
    let pairs: [(String, String)] = [
      ("metadata[payment_id]", "pay_01JABCDEF"),
      ("line_items[0][price_data][currency]", "eur"),
      ("a b", "c d"),
      ("plus+", "1+1=2"),
      ("percent%", "100%"),
      ("unicode", "Café ☕️ 日本語 🇳🇱"),
      ("amp&", "x&y=z"),
      ("empty", ""),
      ("unreserved-._~", "-._~"),
      ("newlines", "a\nb\r\n"),
    ]
    let encoded = FormEncoding.encode(pairs)
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%&=")
    #expect(encoded.allSatisfy { allowed.contains($0) }, "\(encoded)")
    #expect(FormEncoding.decode(Array(encoded.utf8)) == Dictionary(uniqueKeysWithValues: pairs))
  }

  @Test("encoding is exact: upper-case %XX for every byte outside the unreserved set, pairs in the order given")
  func exactEncoding() {
    #expect(FormEncoding.encode([("metadata[payment_id]", "a b+c%")]) == "metadata%5Bpayment_id%5D=a%20b%2Bc%25")
    #expect(FormEncoding.encode([("b", "1"), ("a", "2")]) == "b=1&a=2")
    #expect(FormEncoding.encode([("k", "é€")]) == "k=%C3%A9%E2%82%AC")
    #expect(FormEncoding.encode([]) == "")
  }

  @Test("decoding what others send: + is a space, lower-case hex, the first of a repeated key, a key without =")
  func decoding() {
    #expect(FormEncoding.decode(Array("id=tr_WDqYK6vllg".utf8)) == ["id": "tr_WDqYK6vllg"])
    #expect(FormEncoding.decode(Array("a=b+c".utf8)) == ["a": "b c"])
    #expect(FormEncoding.decode(Array("a=%2B".utf8)) == ["a": "+"])
    #expect(FormEncoding.decode(Array("a=%e2%82%ac".utf8)) == ["a": "€"])
    #expect(FormEncoding.decode(Array("id=tr_1&id=tr_2".utf8)) == ["id": "tr_1"])
    #expect(FormEncoding.decode(Array("id".utf8)) == ["id": ""])
    #expect(FormEncoding.decode(Array("=x".utf8)) == ["": "x"])
    #expect(FormEncoding.decode(Array("a==b".utf8)) == ["a": "=b"])
    #expect(FormEncoding.decode(Array("a=1&&b=2&".utf8)) == ["a": "1", "b": "2"])
    #expect(FormEncoding.decode([])?.isEmpty == true)
  }

  struct Hostile: Sendable, CustomTestStringConvertible {
    var label: String
    var body: [UInt8]
    var expected: [String: String]?
    var testDescription: String { self.label }
  }

  static let hostile: [Hostile] = [
    Hostile(label: "a lone %", body: Array("%".utf8), expected: nil),
    Hostile(label: "a value ending in %", body: Array("a=%".utf8), expected: nil),
    Hostile(label: "%zz", body: Array("a=%zz".utf8), expected: nil),
    Hostile(label: "%F at the end", body: Array("a=%F".utf8), expected: nil),
    Hostile(label: "%F before &", body: Array("a=%F&b=1".utf8), expected: nil),
    Hostile(label: "%G0", body: Array("a=%G0".utf8), expected: nil),
    Hostile(label: "raw bytes that are not UTF-8", body: [0x61, 0x3D, 0xFF, 0xFE], expected: nil),
    Hostile(label: "%FF (not UTF-8 once decoded)", body: Array("a=%FF".utf8), expected: nil),
    Hostile(label: "a truncated UTF-8 sequence", body: Array("a=%C3".utf8), expected: nil),
    Hostile(label: "an overlong UTF-8 /", body: Array("a=%C0%AF".utf8), expected: nil),
    Hostile(label: "a UTF-16 surrogate in UTF-8", body: Array("a=%ED%A0%80".utf8), expected: nil),
    Hostile(label: "1 MB of &&&", body: Array(repeating: UInt8(ascii: "&"), count: 1 << 20), expected: [:]),
    Hostile(label: "1 MB of one field repeated", body: Array(String(repeating: "id=tr_1&", count: 131_072).utf8), expected: ["id": "tr_1"]),
    Hostile(label: "a key without =", body: Array("id".utf8), expected: ["id": ""]),
    Hostile(label: "a NUL byte", body: Array("a=%00".utf8), expected: ["a": "\u{0}"]),
  ]

  @Test("hostile bodies give nil or a dictionary, never a crash", arguments: Self.hostile)
  func hostileBody(hostile: Hostile) {
    #expect(FormEncoding.decode(hostile.body) == hostile.expected)
  }
}
