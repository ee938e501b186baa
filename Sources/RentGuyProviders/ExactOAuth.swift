public import AsyncHTTPClient
public import Foundation
import NIOHTTP1

/// Exact Online's OAuth 2 (authorization code): the URL a user approves the app at, the code
/// exchanged for tokens, and the refresh. Access tokens live 10 minutes; every refresh answers a
/// new refresh token and invalidates the old one at once, so the new one must be stored before
/// anything else happens.
public struct ExactOAuth: Sendable {
  let http: ProviderHTTP
  public let clientID: String
  let clientSecret: String
  public let redirectURI: String

  /// - Parameters:
  ///   - baseURL: "https://start.exactonline.nl", or the provider mock's.
  public init(baseURL: String, clientID: String, clientSecret: String, redirectURI: String, client: HTTPClient, timeout: Duration = .seconds(15)) {
    self.http = ProviderHTTP(provider: "exact", baseURL: baseURL, apiKey: "", timeout: timeout, client: client)
    self.clientID = clientID
    self.clientSecret = clientSecret
    self.redirectURI = redirectURI
  }

  /// The tokens of one authorization.
  public struct Tokens: Sendable, Equatable {
    public var accessToken: String
    /// Single use: the refresh answers a new one.
    public var refreshToken: String
    /// When the access token stops working (`expires_in` from when the request was sent).
    public var accessTokenExpiresAt: Date

    public init(accessToken: String, refreshToken: String, accessTokenExpiresAt: Date) {
      self.accessToken = accessToken
      self.refreshToken = refreshToken
      self.accessTokenExpiresAt = accessTokenExpiresAt
    }

    /// ``accessTokenExpiresAt`` in Unix milliseconds.
    public var accessTokenExpiresAtMilliseconds: Int64 {
      Int64((self.accessTokenExpiresAt.timeIntervalSince1970 * 1000).rounded())
    }
  }

  /// Where to send the user to approve the app; Exact redirects to ``redirectURI`` with `code`
  /// and `state`.
  public func authorizationURL(state: String) -> String {
    self.http.baseURL + "/api/oauth2/auth?"
      + FormEncoding.encode([
        ("client_id", self.clientID), ("redirect_uri", self.redirectURI), ("response_type", "code"), ("state", state),
      ])
  }

  /// Exchanges the `code` of the redirect for tokens. A used or unknown code is a non-retryable
  /// error.
  public func exchange(code: String) async throws(ProviderError) -> Tokens {
    try await self.token(
      [
        ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", self.redirectURI), ("client_id", self.clientID),
        ("client_secret", self.clientSecret),
      ],
      refused: "the authorization code was refused (used, expired or unknown): authorize Exact again"
    )
  }

  /// New tokens for `refreshToken`. A refused refresh token (used before, or revoked) is a
  /// non-retryable error: the connection needs authorizing again.
  public func refresh(refreshToken: String) async throws(ProviderError) -> Tokens {
    try await self.token(
      [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", self.clientID), ("client_secret", self.clientSecret)],
      refused: "the refresh token was refused: authorize Exact again"
    )
  }

  private func token(_ form: [(String, String)], refused: String) async throws(ProviderError) -> Tokens {
    let sent = Date()
    let answer = try await self.http.perform(
      .POST, "/api/oauth2/token", body: Array(FormEncoding.encode(form).utf8), contentType: "application/x-www-form-urlencoded"
    )
    guard answer.succeeded else {
      var error = self.http.failure(answer, errorMessage: Self.message)
      if (answer.json as? [String: Any])?["error"] as? String == "invalid_grant" {
        error.message = refused
        error.retryable = false
      }
      throw error
    }
    guard let object = answer.json as? [String: Any], let accessToken = object["access_token"] as? String, !accessToken.isEmpty,
      let refreshToken = object["refresh_token"] as? String, !refreshToken.isEmpty
    else {
      // The old refresh token may be spent already: trying again would not help.
      throw ProviderError(
        provider: self.http.provider, httpStatus: answer.status,
        message: "the token answer has no access_token or refresh_token: authorize Exact again", retryable: false
      )
    }
    let seconds = ProviderJSON.int(object["expires_in"]).map { Double($0) } ?? 600
    return Tokens(accessToken: accessToken, refreshToken: refreshToken, accessTokenExpiresAt: sent.addingTimeInterval(seconds))
  }

  /// The token endpoint's error: `{"error": "invalid_grant", "error_description": "…"}`.
  static func message(_ object: [String: Any]) -> String? {
    let code = object["error"] as? String
    let text = (object["error_description"] as? String).flatMap { $0.isEmpty ? nil : $0 }
    if let code, let text { return "\(code): \(text)" }
    return code ?? text
  }
}
