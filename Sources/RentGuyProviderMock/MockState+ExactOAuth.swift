import Foundation

/// Exact Online's OAuth 2: the authorization endpoint approves at once (302 back to the
/// `redirect_uri` with `code` and `state`); the token endpoint exchanges a code (single use, 10
/// minutes) or a refresh token for a new access token (``exactAccessTokenSeconds``) and a NEW
/// refresh token. The old refresh token keeps working until the new pair is first used (an API
/// call with the new access token, or a refresh with the new refresh token); from then on only
/// the new one works. So a client that lost the answer (it crashed before storing it) refreshes
/// again with the token it stored, and the pair it lost is dropped. Errors are
/// `{"error": "invalid_grant" | "invalid_client" | …, "error_description": …}` with 400.
extension MockState {
  static let exactCodeLifetime: TimeInterval = 600
  /// Past this many live codes or access tokens, expired ones are dropped.
  static let exactTokenSweepThreshold = 1000

  /// `GET /api/oauth2/auth?client_id&redirect_uri&response_type=code&state`.
  func authorizeExact(_ query: [String: String]) -> APIAnswer {
    guard let clientID = query["client_id"], !clientID.isEmpty, clientID.count <= 200, self.isKnownExactClient(clientID) else {
      return Self.oauthError("invalid_client", "Unknown client_id.")
    }
    guard query["response_type"] == "code" else {
      return Self.oauthError("unsupported_response_type", "response_type must be code.")
    }
    guard let redirectURI = query["redirect_uri"], Self.isRedirectURI(redirectURI) else {
      return Self.oauthError("invalid_request", "redirect_uri must be an http(s) URL.")
    }
    let now = Date()
    self.sweepExactGrants(now: now)
    let code = Self.randomID("exc_", length: 40)
    self.exactAuthorizationCodes[code] = ExactRecords.AuthorizationCode(
      clientID: clientID, redirectURI: redirectURI, expiresAt: now.addingTimeInterval(Self.exactCodeLifetime))
    var location = redirectURI + (redirectURI.contains("?") ? "&" : "?") + "code=" + code
    if let stateParameter = query["state"] {
      location += "&state=" + Self.oauthEscape(stateParameter)
    }
    var answer = APIAnswer(["location": .string(location)], status: 302)
    answer.headers["Location"] = location
    return answer
  }

  /// `POST /api/oauth2/token` (form fields): `grant_type=authorization_code` (`code`,
  /// `redirect_uri`) or `grant_type=refresh_token` (`refresh_token`), with `client_id` and
  /// `client_secret`.
  func exactToken(_ form: [String: String]) -> APIAnswer {
    let now = Date()
    guard let clientID = form["client_id"], !clientID.isEmpty, let secret = form["client_secret"], !secret.isEmpty else {
      return Self.oauthError("invalid_client", "client_id and client_secret are required.")
    }
    guard self.isKnownExactClient(clientID), self.configuration.exactClients[clientID].map({ $0 == secret }) ?? true else {
      return Self.oauthError("invalid_client", "Unknown client_id or wrong client_secret.")
    }
    switch form["grant_type"] {
    case "authorization_code":
      guard let code = form["code"], let issued = self.exactAuthorizationCodes[code], issued.expiresAt > now,
        issued.clientID == clientID, form["redirect_uri"].map({ $0 == issued.redirectURI }) ?? true
      else {
        return Self.oauthError("invalid_grant", "The authorization code is unknown, used or expired.")
      }
      self.exactAuthorizationCodes[code] = nil
      return self.issueExactTokens(clientID: clientID, secret: secret, now: now)
    case "refresh_token":
      guard let refreshToken = form["refresh_token"], let grant = self.exactRefreshTokens[refreshToken], grant.clientID == clientID else {
        return Self.oauthError("invalid_grant", "The refresh token is unknown or was used already.")
      }
      guard grant.clientSecret == secret else {
        return Self.oauthError("invalid_client", "The client_secret differs from the one the grant was issued with.")
      }
      // Rotation. A pair issued before from this token and never used was lost by the client:
      // it is dropped. This token's own predecessor is spent now that this one is used.
      for (lost, lostGrant) in self.exactRefreshTokens where lostGrant.replaces == refreshToken {
        self.exactRefreshTokens[lost] = nil
        self.exactAccessTokens = self.exactAccessTokens.filter { $0.value.refreshToken != lost }
      }
      if let previous = grant.replaces {
        self.exactRefreshTokens[previous] = nil
        self.exactRefreshTokens[refreshToken]?.replaces = nil
      }
      return self.issueExactTokens(clientID: clientID, secret: secret, now: now, replacing: refreshToken)
    default:
      return Self.oauthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token.")
    }
  }

  /// The client id a live access token was issued to; nil when unknown or expired.
  func exactClientID(accessToken: String) -> String? {
    guard let token = self.exactAccessTokens[accessToken], token.expiresAt > Date() else { return nil }
    // The first use of a refreshed pair spends the refresh token it replaced.
    if let previous = self.exactRefreshTokens[token.refreshToken]?.replaces {
      self.exactRefreshTokens[previous] = nil
      self.exactRefreshTokens[token.refreshToken]?.replaces = nil
    }
    return token.clientID
  }

  /// How long access tokens issued from now on live; nil: the configured lifetime again.
  func setExactAccessTokenSeconds(_ seconds: Int?) {
    self.exactAccessTokenSeconds = max(1, seconds ?? self.configuration.exactAccessTokenSeconds)
  }

  /// Ends every access token now (the next API call gets 401 and must refresh).
  func expireExactAccessTokens() {
    self.exactAccessTokens.removeAll()
  }

  /// Forgets every refresh token (the next refresh gets `invalid_grant`).
  func revokeExactRefreshTokens() {
    self.exactRefreshTokens.removeAll()
  }

  /// What the OAuth side holds, for tests.
  func exactOAuthSnapshot() -> JSONValue {
    let now = Date()
    return [
      "access_token_seconds": .int(self.exactAccessTokenSeconds),
      "access_tokens": .int(self.exactAccessTokens.values.filter { $0.expiresAt > now }.count),
      "refresh_tokens": .int(self.exactRefreshTokens.count),
      "authorization_codes": .int(self.exactAuthorizationCodes.values.filter { $0.expiresAt > now }.count),
    ]
  }

  // MARK: - Helpers

  private func issueExactTokens(clientID: String, secret: String, now: Date, replacing previous: String? = nil) -> APIAnswer {
    self.sweepExactGrants(now: now)
    let accessToken = Self.randomID("exa_", length: 48)
    let refreshToken = Self.randomID("exr_", length: 48)
    let seconds = self.exactAccessTokenSeconds
    self.exactAccessTokens[accessToken] = ExactRecords.AccessToken(
      clientID: clientID, expiresAt: now.addingTimeInterval(TimeInterval(seconds)), refreshToken: refreshToken)
    self.exactRefreshTokens[refreshToken] = ExactRecords.RefreshGrant(clientID: clientID, clientSecret: secret, issuedAt: now, replaces: previous)
    return APIAnswer([
      "access_token": .string(accessToken),
      "token_type": "bearer",
      "expires_in": .string(String(seconds)),
      "refresh_token": .string(refreshToken),
    ])
  }

  /// Drops expired codes and access tokens once there are many.
  private func sweepExactGrants(now: Date) {
    if self.exactAccessTokens.count > Self.exactTokenSweepThreshold {
      self.exactAccessTokens = self.exactAccessTokens.filter { $0.value.expiresAt > now }
    }
    if self.exactAuthorizationCodes.count > Self.exactTokenSweepThreshold {
      self.exactAuthorizationCodes = self.exactAuthorizationCodes.filter { $0.value.expiresAt > now }
    }
  }

  /// With no registered apps any client id is known; otherwise only the registered ones.
  private func isKnownExactClient(_ clientID: String) -> Bool {
    self.configuration.exactClients.isEmpty || self.configuration.exactClients[clientID] != nil
  }

  private static func oauthError(_ code: String, _ description: String) -> APIAnswer {
    APIAnswer(["error": .string(code), "error_description": .string(description)], status: 400)
  }

  private static func isRedirectURI(_ text: String) -> Bool {
    guard text.count <= 2048, let components = URLComponents(string: text),
      let scheme = components.scheme?.lowercased(), let host = components.host
    else { return false }
    return (scheme == "http" || scheme == "https") && !host.isEmpty
  }

  /// Percent-encodes everything but unreserved characters (for a query value).
  private static func oauthEscape(_ text: String) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
  }
}
