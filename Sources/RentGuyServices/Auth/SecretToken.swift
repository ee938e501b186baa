import Crypto
import Foundation
import RentGuyStore

/// Opaque secrets (refresh tokens, API key secrets): 256 random bits in base64url with a type
/// prefix, stored only as their SHA-256.
enum SecretToken {
  /// A new secret, e.g. `rgk_…` for API keys.
  static func make(prefix: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return prefix + Base64URL.encode(Data(bytes))
  }

  /// What the store keeps: the secret's SHA-256, in hex.
  static func hash(_ secret: String) -> String {
    Data(SHA256.hash(data: Data(secret.utf8))).hexString
  }
}
