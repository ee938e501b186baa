import Crypto
import Foundation

/// Signs outbound webhooks per the Standard Webhooks specification: `webhook-signature` holds
/// `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>` per secret, space-separated, where
/// the key is the base64 part of a `whsec_…` secret.
public enum StandardWebhookSignature {
  /// A new secret: `whsec_` + base64 of 32 random bytes.
  public static func newSecret() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return "whsec_" + Data(bytes).base64EncodedString()
  }

  /// The `webhook-signature` value for `body` sent as `id` at `timestamp` (Unix seconds).
  public static func header(id: String, timestamp: Int64, body: [UInt8], secrets: [String]) -> String {
    let signed = Array("\(id).\(timestamp).".utf8) + body
    return secrets.compactMap { secret -> String? in
      guard let key = Self.key(secret) else { return nil }
      let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
      return "v1," + Data(mac).base64EncodedString()
    }.joined(separator: " ")
  }

  /// The key bytes of a `whsec_…` secret.
  static func key(_ secret: String) -> [UInt8]? {
    let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
    return Data(base64Encoded: encoded).map { [UInt8]($0) }
  }
}
