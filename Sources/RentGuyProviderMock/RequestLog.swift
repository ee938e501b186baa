import Foundation

/// The provider API requests the mock received, for tests (`GET /mock/requests`): which calls were
/// made, with which idempotency key, and how they were answered.
actor RequestLog {
  /// One request.
  struct Entry: Sendable {
    var provider: MockProvider
    var method: String
    var path: String
    var idempotencyKey: String?
    var status: Int
    var replayed: Bool
    var fault: String?
    var time: Date
  }

  static let capacity = 10_000

  private var entries: [Entry] = []

  func append(_ entry: Entry) {
    self.entries.append(entry)
    if self.entries.count > Self.capacity { self.entries.removeFirst(self.entries.count - Self.capacity) }
  }

  func clear() {
    self.entries.removeAll()
  }

  /// The entries (of `provider`, or all) as JSON, oldest first.
  func snapshot(provider: MockProvider?) -> JSONValue {
    let selected = self.entries.filter { provider == nil || $0.provider == provider }
    return [
      "requests": .array(
        selected.map { entry -> JSONValue in
          [
            "provider": .string(entry.provider.rawValue),
            "method": .string(entry.method),
            "path": .string(entry.path),
            "idempotency_key": .optional(entry.idempotencyKey),
            "status": .int(entry.status),
            "replayed": .bool(entry.replayed),
            "fault": .optional(entry.fault),
            "time": .string(entry.time.ISO8601Format()),
            "unix_time": .double(entry.time.timeIntervalSince1970),
          ]
        }
      )
    ]
  }
}
