import Foundation
import GRPCCore
import Testing

@testable import RentGuyTransport

@Suite("header coding: base64, grpc-timeout, request validation, response metadata")
struct HeaderCodingTests {
  @Test("binary metadata decodes padded and unpadded base64", arguments: ["q6ur", "q6s=", "q6s", "YQ==", "YQ"])
  func base64Decodes(_ value: String) throws {
    let bytes = try #require(Base64.decode(value))
    #expect(Base64.encodeUnpadded(bytes) == value.replacingOccurrences(of: "=", with: ""))
  }

  @Test("invalid base64 is rejected", arguments: ["***", "a", "ab!c"])
  func base64Rejects(_ value: String) {
    #expect(Base64.decode(value) == nil)
  }

  @Test(
    "grpc-timeout parses every unit",
    arguments: [
      ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("3S", .seconds(3)),
      ("250m", .milliseconds(250)), ("7u", .microseconds(7)), ("99999999n", .nanoseconds(99_999_999)),
    ]
  )
  func timeoutParses(_ value: String, _ expected: Duration) {
    #expect(GRPCTimeout.parse(value) == expected)
  }

  @Test("malformed grpc-timeout values are refused", arguments: ["", "S", "123456789S", "10x", "-1S", "1.5S"])
  func timeoutRejects(_ value: String) {
    #expect(GRPCTimeout.parse(value) == nil)
  }

  func head(_ fields: [(String, String)], limit: Int = 16 * 1024) -> RequestHead {
    var head = RequestHead(maxHeaderListSize: limit)
    for (name, value) in fields where head.admit(nameLength: name.utf8.count, valueLength: value.utf8.count) {
      head.add(name: name, value: value)
    }
    return head
  }

  let valid: [(String, String)] = [
    (":method", "POST"), (":scheme", "http"), (":path", "/pkg.Service/Method"),
    ("content-type", "application/grpc+proto"), ("te", "trailers"),
  ]

  @Test("a valid request is accepted with its descriptor and metadata")
  func accepts() throws {
    let head = self.head(self.valid + [("x-user", "a"), ("grpc-timeout", "5S"), ("grpc-accept-encoding", "identity, gzip")])
    guard case .accept(let accepted) = head.verdict(gzipEnabled: true) else {
      Issue.record("rejected")
      return
    }
    #expect(accepted.descriptor == MethodDescriptor(fullyQualifiedService: "pkg.Service", method: "Method"))
    #expect(Array(accepted.metadata[stringValues: "x-user"]) == ["a"])
    #expect(Array(accepted.metadata[stringValues: "grpc-timeout"]) == ["5S"])
    #expect(accepted.timeout == .seconds(5))
    #expect(accepted.acceptsGzip)
    #expect(!accepted.requestGzip)
  }

  @Test(
    "invalid requests get the HTTP status and gRPC code that PROTOCOL-HTTP2 asks for",
    arguments: [
      ([("content-type", "text/plain")], 415, 13),
      ([("content-type", "application/grpcfoo")], 415, 13),
      ([(":method", "GET")], 405, 13),
      ([(":path", "/nomethod")], 200, 12),
      ([("grpc-encoding", "br")], 200, 12),
      ([("grpc-timeout", "soon")], 200, 3),
      ([("x-data-bin", "!!")], 200, 3),
    ] as [([(String, String)], Int, Int)]
  )
  func rejects(_ overrides: [(String, String)], _ httpStatus: Int, _ grpcStatus: Int) {
    var fields = self.valid.filter { field in !overrides.contains { $0.0 == field.0 } }
    fields += overrides
    guard case .reject(let headers) = self.head(fields).verdict(gzipEnabled: true) else {
      Issue.record("accepted \(overrides)")
      return
    }
    let pairs = Dictionary(headers.pairs, uniquingKeysWith: { first, _ in first })
    #expect(pairs[":status"] == String(httpStatus))
    #expect(pairs["grpc-status"] == String(grpcStatus))
    #expect(pairs["grpc-message"]?.isEmpty == false)
  }

  @Test("a header list over the limit is refused with 431 and RESOURCE_EXHAUSTED")
  func headerListLimit() {
    let head = self.head(self.valid + [("x-big", String(repeating: "v", count: 2000))], limit: 1024)
    guard case .reject(let headers) = head.verdict(gzipEnabled: true) else {
      Issue.record("accepted")
      return
    }
    #expect(headers.pairs.contains { $0 == (":status", "431") })
    #expect(headers.pairs.contains { $0 == ("grpc-status", "8") })
  }

  @Test("response metadata drops reserved keys and invalid values, and base64-encodes binary values")
  func responseMetadata() {
    let metadata: Metadata = [
      "grpc-status": "0", "content-type": "text/plain", "x-ok": "fine", "x-bad": "line\r\nbreak",
      "Bad Key": "x", "x-data-bin": .binary([0xAB, 0xAB, 0xAB]),
    ]
    let pairs = ResponseHeaders.trailers(status: Status(code: .notFound, message: "gone 100%"), metadata: metadata).pairs
    #expect(pairs.filter { $0.0 == "grpc-status" }.map(\.1) == ["5"])
    #expect(pairs.contains { $0 == ("grpc-message", "gone 100%25") })
    #expect(pairs.contains { $0 == ("x-ok", "fine") })
    #expect(pairs.contains { $0 == ("x-data-bin", "q6ur") })
    #expect(!pairs.contains { $0.0 == "content-type" || $0.0 == "x-bad" || $0.0 == "Bad Key" })
  }
}
