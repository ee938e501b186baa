import Testing

@testable import RentGuyTransport

@Suite("grpc-message percent-encoding")
struct PercentEncodingTests {
  @Test(
    "encodes bytes outside the unreserved range and decodes them back",
    arguments: [
      ("plain message", "plain message"),
      ("100%", "100%25"),
      ("\t\ntab", "%09%0Atab"),
      ("🚀 ünïcödé", "%F0%9F%9A%80 %C3%BCn%C3%AFc%C3%B6d%C3%A9"),
    ]
  )
  func roundTrip(plain: String, encoded: String) {
    #expect(PercentEncoding.encode(plain) == encoded)
    #expect(PercentEncoding.decode(encoded) == plain)
  }

  @Test("decoding malformed input keeps it instead of failing", arguments: ["%", "%4", "%zz", "abc%"])
  func malformed(input: String) {
    #expect(PercentEncoding.decode(input) == input)
  }
}
