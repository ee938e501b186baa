/// A provider call that did not succeed, classified for the job queue: a failure that may pass
/// (HTTP 429 and 5xx, a timeout, no connection) is retried, honouring `Retry-After`; one that
/// will not (any other 4xx) fails the job with the provider's own message.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
  /// The provider ("stripe", "mollie", "moneybird", "exact").
  public var provider: String
  /// The HTTP status answered; nil when there was no answer.
  public var httpStatus: Int?
  /// What went wrong, with the provider's message when it gave one.
  public var message: String
  /// Whether trying again later may succeed.
  public var retryable: Bool
  /// How long the provider asked us to wait (`Retry-After`), if it said.
  public var retryAfter: Duration?

  public init(provider: String, httpStatus: Int?, message: String, retryable: Bool, retryAfter: Duration? = nil) {
    self.provider = provider
    self.httpStatus = httpStatus
    self.message = message
    self.retryable = retryable
    self.retryAfter = retryAfter
  }

  public var description: String {
    if let httpStatus { return "HTTP \(httpStatus) from \(self.provider): \(self.message)" }
    return "\(self.provider): \(self.message)"
  }

  /// Whether the provider said the object does not exist (HTTP 404).
  public var isNotFound: Bool { self.httpStatus == 404 }

  /// Whether the provider refused the credentials (HTTP 401): for Exact Online, an access token
  /// that expired or was replaced; refresh it and try once more.
  public var isUnauthorized: Bool { self.httpStatus == 401 }
}
