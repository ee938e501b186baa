import Crypto
import Foundation
import Testing

@testable import RentGuyProviders

@Suite("Standard Webhooks signatures")
struct StandardWebhookSignatureTests {
  static let body = Array(#"{"type":"booking.confirmed","data":{"booking_id":"bkg_1"}}"#.utf8)

  /// The signature computed here: HMAC-SHA256 of "<id>.<timestamp>.<body>" with the base64-decoded
  /// key after `whsec_`.
  static func expected(id: String, timestamp: Int64, body: [UInt8], secret: String) throws -> String {
    #expect(secret.hasPrefix("whsec_"))
    let key = try #require(Data(base64Encoded: String(secret.dropFirst("whsec_".count))))
    let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).".utf8) + body, using: SymmetricKey(data: key))
    return "v1," + Data(mac).base64EncodedString()
  }

  @Test("the example of the Standard Webhooks specification gives its published signature")
  func specificationExample() {
    let header = StandardWebhookSignature.header(
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8),
      secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
    )
    #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
  }

  @Test("one secret: v1,<base64 of 32 bytes>, the HMAC computed independently")
  func oneSecret() throws {
    let secret = StandardWebhookSignature.newSecret()
    let header = StandardWebhookSignature.header(id: "msg_1", timestamp: 1_790_000_000, body: Self.body, secrets: [secret])
    #expect(header.hasPrefix("v1,"))
    #expect(!header.contains(" "))
    let mac = try #require(Data(base64Encoded: String(header.dropFirst(3))))
    #expect(mac.count == 32)
    let independent = try Self.expected(id: "msg_1", timestamp: 1_790_000_000, body: Self.body, secret: secret)
    #expect(header == independent)
  }

  @Test("two secrets (rotation): two space-separated signatures, in the secrets' order, one per secret")
  func twoSecrets() throws {
    let first = StandardWebhookSignature.newSecret()
    let second = StandardWebhookSignature.newSecret()
    let header = StandardWebhookSignature.header(id: "msg_2", timestamp: 1_790_000_001, body: Self.body, secrets: [first, second])
    let parts = header.split(separator: " ").map(String.init)
    #expect(parts.count == 2)
    let signedWithFirst = try Self.expected(id: "msg_2", timestamp: 1_790_000_001, body: Self.body, secret: first)
    let signedWithSecond = try Self.expected(id: "msg_2", timestamp: 1_790_000_001, body: Self.body, secret: second)
    #expect(parts.first == signedWithFirst)
    #expect(parts.last == signedWithSecond)
    #expect(parts.first != parts.last)
    #expect(parts.allSatisfy { $0.hasPrefix("v1,") })
  }

  @Test("the id, the timestamp and every byte of the body are signed")
  func everythingIsSigned() {
    let secret = StandardWebhookSignature.newSecret()
    let base = StandardWebhookSignature.header(id: "msg_3", timestamp: 1_790_000_000, body: Self.body, secrets: [secret])
    #expect(base != StandardWebhookSignature.header(id: "msg_4", timestamp: 1_790_000_000, body: Self.body, secrets: [secret]))
    #expect(base != StandardWebhookSignature.header(id: "msg_3", timestamp: 1_790_000_001, body: Self.body, secrets: [secret]))
    #expect(base != StandardWebhookSignature.header(id: "msg_3", timestamp: 1_790_000_000, body: Self.body + [0x20], secrets: [secret]))
    #expect(base == StandardWebhookSignature.header(id: "msg_3", timestamp: 1_790_000_000, body: Self.body, secrets: [secret]))
  }

  @Test("newSecret() is whsec_ + base64 of 32 bytes, and differs every time")
  func newSecret() throws {
    var seen = Set<String>()
    for _ in 0..<100 {
      let secret = StandardWebhookSignature.newSecret()
      #expect(secret.hasPrefix("whsec_"))
      let key = try #require(Data(base64Encoded: String(secret.dropFirst("whsec_".count))))
      #expect(key.count == 32)
      #expect(StandardWebhookSignature.key(secret).map { Data($0) } == key)
      seen.insert(secret)
    }
    #expect(seen.count == 100)
  }

  @Test("a secret that is not base64 signs nothing (and does not crash)")
  func unusableSecret() {
    #expect(StandardWebhookSignature.header(id: "msg_5", timestamp: 1, body: Self.body, secrets: ["whsec_not base64!"]) == "")
    #expect(StandardWebhookSignature.header(id: "msg_5", timestamp: 1, body: Self.body, secrets: []) == "")
  }
}
