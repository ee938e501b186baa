import Crypto
public import Foundation

/// Verifies Stripe's `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, where
/// each `v1` is HMAC-SHA256 of `"<t>.<raw body>"` with an endpoint secret. Only `v1` counts (a
/// `v0` is ignored: downgrade protection); any `v1` matching any configured secret is enough
/// (secret rotation); compared in constant time; `t` must be within `tolerance` of now.
public enum StripeSignature {
  /// Why a signature was refused.
  public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeader
    case malformedHeader
    case noV1Signature
    case timestampOutsideTolerance(ageSeconds: Int64)
    case mismatch

    public var description: String {
      switch self {
      case .missingHeader: "no Stripe-Signature header"
      case .malformedHeader: "the Stripe-Signature header is malformed"
      case .noV1Signature: "the Stripe-Signature header has no v1 signature"
      case .timestampOutsideTolerance(let age): "the signature's timestamp is \(age) s away from now (tolerance 300 s)"
      case .mismatch: "no v1 signature matches the payload"
      }
    }
  }

  /// Checks `header` for `payload`; returns normally when it is valid.
  public static func verify(
    header: String?, payload: [UInt8], secrets: [String], tolerance: Int64 = 300, now: Date = Date()
  ) throws(Failure) {
    guard let header, !header.isEmpty else { throw .missingHeader }
    guard header.utf8.count <= 8192 else { throw .malformedHeader }
    var timestamp: Int64?
    var signatures: [[UInt8]] = []
    for item in header.utf8.split(separator: UInt8(ascii: ",")) {
      let parts = item.split(separator: UInt8(ascii: "="), maxSplits: 1)
      guard parts.count == 2 else { throw .malformedHeader }
      let key = Self.trimmed(parts[0])
      let value = Self.trimmed(parts[1])
      switch key {
      case "t":
        guard timestamp == nil, value.utf8.count <= 12, let seconds = Int64(value) else { throw .malformedHeader }
        timestamp = seconds
      case "v1":
        // A v1 that is not 64 hex digits cannot match; it does not spoil the others.
        if let bytes = Self.hex(value), bytes.count == 32 { signatures.append(bytes) }
      default:
        continue
      }
    }
    guard let timestamp else { throw .malformedHeader }
    guard !signatures.isEmpty else { throw .noV1Signature }
    let age = Int64(now.timeIntervalSince1970) - timestamp
    guard abs(age) <= tolerance else { throw .timestampOutsideTolerance(ageSeconds: age) }
    let signed = Array("\(timestamp).".utf8) + payload
    for secret in secrets where !secret.isEmpty {
      let key = SymmetricKey(data: Array(secret.utf8))
      for signature in signatures where HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: key) {
        return
      }
    }
    throw .mismatch
  }

  /// A header for `payload` signed with `secret` at `timestamp` (for tests and the mock).
  public static func header(payload: [UInt8], secret: String, timestamp: Int64) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + payload, using: SymmetricKey(data: Array(secret.utf8)))
    return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
  }

  /// `bytes` without surrounding spaces and tabs, as text.
  static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> String {
    var slice = bytes[...]
    while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
    while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice = slice.dropLast() }
    return String(decoding: slice, as: UTF8.self)
  }

  static func hex(_ text: String) -> [UInt8]? {
    guard text.utf8.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count / 2)
    var high: UInt8?
    for char in text.utf8 {
      guard let value = FormEncoding.hex(char) else { return nil }
      if let h = high {
        bytes.append(h << 4 | value)
        high = nil
      } else {
        high = value
      }
    }
    return bytes
  }
}
