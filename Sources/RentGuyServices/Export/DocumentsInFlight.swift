import RentGuyProviders

/// The documents being sent right now, per provider: a second job for the same document (a
/// re-leased job, or an export started right after a cancel) waits instead of looking the
/// document up and creating it in parallel with the first.
actor DocumentsInFlight {
  private var sending: Set<String> = []

  /// Runs `body` while holding `document`; a retryable error when another job holds it.
  func sending<T: Sendable>(_ document: String, provider: String, _ body: @Sendable () async throws -> T) async throws -> T {
    guard self.sending.insert(document).inserted else {
      throw ProviderError(provider: provider, httpStatus: nil, message: "\(document) is being sent by another job", retryable: true, retryAfter: .seconds(10))
    }
    defer { self.sending.remove(document) }
    return try await body()
  }
}
