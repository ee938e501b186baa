import Crypto
import Foundation

/// A response as sent, kept so that a retried request with the same `Idempotency-Key` gets it again.
struct StoredResponse: Sendable {
  var status: Int
  var body: Data
  var contentType: String
  var headers: [String: String]
}

/// `Idempotency-Key` handling shared by the providers: the first request with a key runs and its
/// response is stored; the same key with the same method, path and body replays it; with anything
/// else it is refused; while the first is still running, a second one is refused too.
actor IdempotencyCache {
  /// What to do with a request carrying a key.
  enum Decision: Sendable {
    /// Run it (the key is now reserved: call ``finish(provider:key:response:)``).
    case proceed
    /// Answer with the stored response.
    case replay(StoredResponse)
    /// The key was used for a different request.
    case mismatch
    /// The key's first request is still running.
    case inFlight
  }

  private enum Slot {
    case running(fingerprint: String)
    case done(fingerprint: String, response: StoredResponse)
  }

  private struct Key: Hashable {
    var provider: MockProvider
    var key: String
  }

  private var slots: [Key: Slot] = [:]

  /// A digest of what makes two requests "the same".
  static func fingerprint(method: String, path: String, body: Data) -> String {
    var hasher = SHA256()
    hasher.update(data: Data("\(method) \(path)\n".utf8))
    hasher.update(data: body)
    return Hex.encode(hasher.finalize())
  }

  func begin(provider: MockProvider, key: String, fingerprint: String) -> Decision {
    let slotKey = Key(provider: provider, key: key)
    switch self.slots[slotKey] {
    case .none:
      self.slots[slotKey] = .running(fingerprint: fingerprint)
      return .proceed
    case .running(let running)?:
      return running == fingerprint ? .inFlight : .mismatch
    case .done(let stored, let response)?:
      return stored == fingerprint ? .replay(response) : .mismatch
    }
  }

  /// Stores `response` for the key, or (nil: the request is not to be remembered, like a 5xx)
  /// releases it.
  func finish(provider: MockProvider, key: String, response: StoredResponse?) {
    let slotKey = Key(provider: provider, key: key)
    guard case .running(let fingerprint)? = self.slots[slotKey] else { return }
    if let response {
      self.slots[slotKey] = .done(fingerprint: fingerprint, response: response)
    } else {
      self.slots[slotKey] = nil
    }
  }

  func clear() {
    self.slots.removeAll()
  }
}
