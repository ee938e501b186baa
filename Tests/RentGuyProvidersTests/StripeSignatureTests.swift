import Crypto
import Foundation
import Testing

@testable import RentGuyProviders

@Suite("Stripe-Signature verification")
struct StripeSignatureTests {
  static let secret = "whsec_test_secret"
  static let timestamp: Int64 = 1_790_000_000
  static let now = Date(timeIntervalSince1970: 1_790_000_000)
  static let payload = Array(#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#.utf8)
  /// HMAC-SHA256 of "1790000000." + payload with `secret`, computed outside Swift (Python's hmac).
  static let knownSignature = "7b8113cd94f67490d14bb1393d2cd3ce02f73dcd8718d3c17e15ad4856bb0476"

  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef")
    return bytes.map { "\(digits[Int($0 >> 4)])\(digits[Int($0 & 0x0f)])" }.joined()
  }

  /// `v1` for `payload` at `timestamp` with `secret`, computed here with swift-crypto.
  static func v1(_ payload: [UInt8], secret: String, timestamp: Int64) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + payload, using: SymmetricKey(data: Array(secret.utf8)))
    return Self.hex(mac)
  }

  /// Why `header` is refused (nil: it verifies).
  static func failure(
    _ header: String?, payload: [UInt8] = StripeSignatureTests.payload, secrets: [String] = [StripeSignatureTests.secret],
    now: Date = StripeSignatureTests.now
  ) -> StripeSignature.Failure? {
    do {
      try StripeSignature.verify(header: header, payload: payload, secrets: secrets, now: now)
      return nil
    } catch {
      return error
    }
  }

  @Test("a header made by header() is the known HMAC-SHA256 vector and verifies")
  func knownVector() {
    let header = StripeSignature.header(payload: Self.payload, secret: Self.secret, timestamp: Self.timestamp)
    #expect(header == "t=1790000000,v1=\(Self.knownSignature)")
    #expect(Self.failure(header) == nil)
  }

  @Test("a signature computed independently with swift-crypto matches the known vector and verifies")
  func independentHMAC() {
    let signature = Self.v1(Self.payload, secret: Self.secret, timestamp: Self.timestamp)
    #expect(signature == Self.knownSignature)
    #expect(Self.failure("t=\(Self.timestamp),v1=\(signature)") == nil)
    // Spaces around the items, as some proxies write them, do not matter.
    #expect(Self.failure("t=\(Self.timestamp), v1=\(signature)") == nil)
  }

  @Test("any matching v1 among several verifies, with any configured secret (secret rotation)")
  func rotation() {
    let old = "whsec_old_secret"
    let new = "whsec_new_secret"
    let signedOld = Self.v1(Self.payload, secret: old, timestamp: Self.timestamp)
    let signedNew = Self.v1(Self.payload, secret: new, timestamp: Self.timestamp)
    let wrong = String(repeating: "0", count: 64)
    let t = Self.timestamp
    #expect(Self.failure("t=\(t),v1=\(wrong),v1=\(signedNew)", secrets: [new]) == nil)
    #expect(Self.failure("t=\(t),v1=\(signedNew),v1=\(wrong)", secrets: [new]) == nil)
    #expect(Self.failure("t=\(t),v1=\(signedOld),v1=\(signedNew)", secrets: [new]) == nil)
    #expect(Self.failure("t=\(t),v1=\(signedOld)", secrets: [new, old]) == nil)
    #expect(Self.failure("t=\(t),v1=\(signedNew)", secrets: [new, old]) == nil)
    #expect(Self.failure("t=\(t),v1=\(signedOld)", secrets: [new]) == .mismatch)
    #expect(Self.failure("t=\(t),v1=\(wrong),v1=\(wrong)", secrets: [new, old]) == .mismatch)
  }

  @Test("a v0 signature alone is refused (no v1), and a valid v0 does not rescue a wrong v1")
  func v0IsIgnored() {
    let valid = Self.v1(Self.payload, secret: Self.secret, timestamp: Self.timestamp)
    let wrong = String(repeating: "a", count: 64)
    #expect(Self.failure("t=\(Self.timestamp),v0=\(valid)") == .noV1Signature)
    #expect(Self.failure("t=\(Self.timestamp),v0=\(valid),v1=\(wrong)") == .mismatch)
  }

  @Test("a changed body does not verify")
  func tamperedBody() {
    let header = StripeSignature.header(payload: Self.payload, secret: Self.secret, timestamp: Self.timestamp)
    var flipped = Self.payload
    flipped[flipped.count / 2] ^= 0x01
    #expect(Self.failure(header, payload: flipped) == .mismatch)
    #expect(Self.failure(header, payload: Self.payload + [0x20]) == .mismatch)
    #expect(Self.failure(header, payload: Array(Self.payload.dropLast())) == .mismatch)
    #expect(Self.failure(header, payload: []) == .mismatch)
  }

  static let timestampOffsets: [(Int64, StripeSignature.Failure?)] = [
    (-301, .timestampOutsideTolerance(ageSeconds: 301)),
    (-300, nil),
    (-299, nil),
    (0, nil),
    (299, nil),
    (300, nil),
    (301, .timestampOutsideTolerance(ageSeconds: -301)),
    (-86_400, .timestampOutsideTolerance(ageSeconds: 86_400)),
  ]

  @Test("the timestamp must be within 300 s of now, in the past or the future", arguments: Self.timestampOffsets)
  func tolerance(offset: Int64, expected: StripeSignature.Failure?) {
    let header = StripeSignature.header(payload: Self.payload, secret: Self.secret, timestamp: Self.timestamp + offset)
    #expect(Self.failure(header) == expected)
  }

  @Test("an old timestamp is refused even when the signature over it is right: the timestamp is signed, so it cannot be moved")
  func timestampIsSigned() {
    let old = Self.timestamp - 301
    let signature = Self.v1(Self.payload, secret: Self.secret, timestamp: old)
    #expect(Self.failure("t=\(old),v1=\(signature)") == .timestampOutsideTolerance(ageSeconds: 301))
    // Rewriting t to now with the old signature does not verify.
    #expect(Self.failure("t=\(Self.timestamp),v1=\(signature)") == .mismatch)
  }

  struct Malformed: Sendable, CustomTestStringConvertible {
    var label: String
    var header: String?
    var expected: StripeSignature.Failure
    var testDescription: String { self.label }
  }

  static let malformed: [Malformed] = {
    let t = StripeSignatureTests.timestamp
    let valid = StripeSignatureTests.knownSignature
    return [
      Malformed(label: "no header", header: nil, expected: .missingHeader),
      Malformed(label: "empty", header: "", expected: .missingHeader),
      Malformed(label: "no t", header: "v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "t twice", header: "t=\(t),t=\(t),v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "t not a number", header: "t=abc,v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "t empty", header: "t=,v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "t too long", header: "t=00000000001790000000,v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "t with a NUL", header: "t=\(t)\u{0},v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "garbage", header: "garbage", expected: .malformedHeader),
      Malformed(label: "only commas", header: ",,,", expected: .malformedHeader),
      Malformed(label: "only equals signs", header: "===", expected: .malformedHeader),
      Malformed(label: "10 KB", header: "t=\(t),v1=\(valid)," + String(repeating: "x=y,", count: 2_560), expected: .malformedHeader),
      Malformed(label: "t=1,v1=zz", header: "t=1,v1=zz", expected: .noV1Signature),
      Malformed(label: "v1 of 63 hex digits", header: "t=\(t),v1=\(valid.dropLast())", expected: .noV1Signature),
      Malformed(label: "v1 of 66 hex digits", header: "t=\(t),v1=\(valid)00", expected: .noV1Signature),
      Malformed(label: "v1 empty", header: "t=\(t),v1=", expected: .malformedHeader),
      Malformed(label: "full-width digits in t", header: "t=１７９００００００００,v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "Arabic-Indic digits in t", header: "t=١٧٩٠٠٠٠٠٠٠,v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "emoji t", header: "t=🙂,v1=\(valid)", expected: .malformedHeader),
      Malformed(label: "emoji v1", header: "t=\(t),v1=🙂🙂🙂🙂", expected: .noV1Signature),
      Malformed(label: "t in the distant past", header: "t=-1,v1=\(valid)", expected: .timestampOutsideTolerance(ageSeconds: 1_790_000_001)),
      Malformed(
        label: "t in the distant future", header: "t=999999999999,v1=\(valid)",
        expected: .timestampOutsideTolerance(ageSeconds: 1_790_000_000 - 999_999_999_999)),
    ]
  }()

  @Test("malformed headers never crash and are refused with the reason", arguments: Self.malformed)
  func malformedHeader(malformed: Malformed) {
    #expect(Self.failure(malformed.header) == malformed.expected)
  }

  @Test("a wrong secret, no secret, or an empty secret never verifies")
  func wrongSecret() {
    let header = StripeSignature.header(payload: Self.payload, secret: Self.secret, timestamp: Self.timestamp)
    #expect(Self.failure(header, secrets: ["whsec_other"]) == .mismatch)
    #expect(Self.failure(header, secrets: []) == .mismatch)
    #expect(Self.failure(header, secrets: [Self.secret + "x"]) == .mismatch)
    // Anyone can sign with an empty key: an empty configured secret must not accept that.
    let emptyKeyHeader = "t=\(Self.timestamp),v1=\(Self.v1(Self.payload, secret: "", timestamp: Self.timestamp))"
    #expect(Self.failure(emptyKeyHeader, secrets: [""]) == .mismatch)
  }

  @Test("header() round-trips: t=<timestamp>,v1=<64 lower-case hex> that verifies at that time", arguments: [Int64(0), 1_790_000_000, 4_102_444_800])
  func headerRoundTrip(timestamp: Int64) {
    for payload in [Self.payload, [], [0x00, 0xFF, 0x80, 0x0A]] as [[UInt8]] {
      let header = StripeSignature.header(payload: payload, secret: Self.secret, timestamp: timestamp)
      let prefix = "t=\(timestamp),v1="
      #expect(header.hasPrefix(prefix))
      let signature = header.dropFirst(prefix.count)
      #expect(signature.count == 64)
      #expect(signature.allSatisfy { "0123456789abcdef".contains($0) })
      #expect(String(signature) == Self.v1(payload, secret: Self.secret, timestamp: timestamp))
      #expect(Self.failure(header, payload: payload, now: Date(timeIntervalSince1970: Double(timestamp))) == nil)
    }
  }

  @Test("a refusal says why, for the log and the 400 answer")
  func descriptions() {
    #expect(StripeSignature.Failure.timestampOutsideTolerance(ageSeconds: 301).description.contains("301 s"))
    #expect(StripeSignature.Failure.mismatch.description == "no v1 signature matches the payload")
  }
}
