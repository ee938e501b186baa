/// A failure the mock simulates instead of answering a provider API request.
enum SimulatedFault: Sendable, Hashable {
  /// 429 with `Retry-After` (seconds).
  case rateLimit(retryAfter: Int)
  /// 500.
  case serverError
  /// No answer for the configured delay, then 504.
  case timeout

  /// Parses `rate-limit`, `server-error` or `timeout`.
  init?(name: String, retryAfter: Int = 1) {
    switch name.lowercased() {
    case "rate-limit", "rate_limit", "ratelimit": self = .rateLimit(retryAfter: max(0, retryAfter))
    case "server-error", "server_error", "500": self = .serverError
    case "timeout": self = .timeout
    default: return nil
    }
  }

  /// The name used in the control API.
  var name: String {
    switch self {
    case .rateLimit: "rate-limit"
    case .serverError: "server-error"
    case .timeout: "timeout"
    }
  }
}

/// The faults armed through `POST /mock/faults`: each provider's next N API requests fail.
actor FaultInjector {
  private struct Armed {
    var fault: SimulatedFault
    var remaining: Int
  }

  private var armed: [MockProvider: [Armed]] = [:]

  /// Arms `fault` for the next `count` requests to `provider` (after those already armed).
  func arm(_ fault: SimulatedFault, count: Int, for provider: MockProvider) {
    guard count > 0 else { return }
    self.armed[provider, default: []].append(Armed(fault: fault, remaining: count))
  }

  /// The fault for the request now arriving at `provider`, if one is armed (and uses it up).
  func take(for provider: MockProvider) -> SimulatedFault? {
    guard var queue = self.armed[provider], var first = queue.first else { return nil }
    first.remaining -= 1
    if first.remaining <= 0 {
      queue.removeFirst()
    } else {
      queue[0] = first
    }
    self.armed[provider] = queue.isEmpty ? nil : queue
    return first.fault
  }

  /// Disarms everything.
  func clear() {
    self.armed.removeAll()
  }

  /// What is armed, for `GET /mock/faults`.
  func snapshot() -> JSONValue {
    var faults: [JSONValue] = []
    for provider in MockProvider.allCases {
      for entry in self.armed[provider] ?? [] {
        var object: [String: JSONValue] = [
          "provider": .string(provider.rawValue),
          "fault": .string(entry.fault.name),
          "count": .int(entry.remaining),
        ]
        if case .rateLimit(let retryAfter) = entry.fault { object["retry_after"] = .int(retryAfter) }
        faults.append(.object(object))
      }
    }
    return ["faults": .array(faults)]
  }
}
