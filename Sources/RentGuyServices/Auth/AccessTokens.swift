import Crypto
public import Foundation
import JWTKit
import Synchronization
import RentGuyProto
public import RentGuyStore

/// Access tokens: JWTs signed with Ed25519 (EdDSA), `kid` in the header, issuer and audience
/// checked, 15 minutes. The signing keys live in the store; a key signs for
/// ``Config/keySigningPeriod`` and keeps verifying until the last token it signed has expired,
/// so rotation never logs anyone out.
public actor AccessTokens {
  public struct Config: Sendable {
    public var issuer = "rentguy"
    public var audience = "rentguy-api"
    public var lifetime: Duration = .seconds(15 * 60)
    public var keySigningPeriod: Duration = .seconds(30 * 24 * 3600)
    public init() {}
  }

  /// What a verified token says.
  public struct Claims: Sendable, Hashable {
    public var userID: String
    public var sessionID: String
    public var expiresAt: Date
  }

  struct Payload: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var sid: String
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
      try self.exp.verifyNotExpired()
      try self.nbf.verifyNotBefore()
    }
  }

  private let config: Config
  private let repository: any IdentityRepository
  private var keys = JWTKeyCollection()
  private var known: [String: StoredSigningKey] = [:]
  private var signingKID: String?
  /// Tokens already verified, until they expire: steady-state verification is a dictionary
  /// lookup under a lock, without a hop to this actor (revocation is checked on every call by the
  /// ``Authenticator``, not here).
  private nonisolated let verified = Mutex<[String: Claims]>([:])
  private nonisolated let verifiedLimit = 50_000
  private var lastReload = ContinuousClock.now - .seconds(60)

  public init(config: Config = Config(), repository: any IdentityRepository) {
    self.config = config
    self.repository = repository
  }

  /// A token for `userID` in `sessionID`, and when it expires.
  public func issue(userID: String, sessionID: String, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
    let kid = try await self.currentSigningKey(now: now)
    let expiresAt = now.addingTimeInterval(self.config.lifetime.timeInterval)
    let payload = Payload(
      iss: IssuerClaim(value: self.config.issuer),
      aud: AudienceClaim(value: [self.config.audience]),
      sub: SubjectClaim(value: userID),
      sid: sessionID,
      iat: IssuedAtClaim(value: now),
      nbf: NotBeforeClaim(value: now.addingTimeInterval(-5)),
      exp: ExpirationClaim(value: expiresAt)
    )
    let token = try await self.keys.sign(payload, kid: JWKIdentifier(string: kid))
    return (token, expiresAt)
  }

  /// Verifies `token`: header (`alg` EdDSA, a known `kid`), signature, issuer, audience and
  /// times. Anything else is ``IdentityError`` UNAUTHENTICATED.
  public nonisolated func verify(_ token: String) async throws(IdentityError) -> Claims {
    let now = Date()
    if let claims = self.verified.withLock({ $0[token] }), claims.expiresAt > now {
      return claims
    }
    let claims = try await self.verifyUncached(token)
    self.verified.withLock { verified in
      if verified.count >= self.verifiedLimit {
        verified = verified.filter { $0.value.expiresAt > now }
        if verified.count >= self.verifiedLimit { verified.removeAll(keepingCapacity: true) }
      }
      verified[token] = claims
    }
    return claims
  }

  private func verifyUncached(_ token: String) async throws(IdentityError) -> Claims {
    guard let header = Self.header(of: token), header.alg == "EdDSA", let kid = header.kid else {
      throw .unauthenticated("the access token is malformed or not signed with EdDSA", .credentialInvalid)
    }
    if self.known[kid] == nil {
      // A key another server made, or one rotated in since: look, at most every 10 s (unknown
      // kids must not cost a database read each).
      if ContinuousClock.now - self.lastReload >= .seconds(10) {
        self.lastReload = .now
        try? await self.loadKeys(now: Date())
      }
      guard self.known[kid] != nil else {
        throw .unauthenticated("the access token was signed with an unknown key", .credentialInvalid)
      }
    }
    let payload: Payload
    do {
      payload = try await self.keys.verify(token, as: Payload.self)
    } catch let error as JWTError where error.errorType == .claimVerificationFailure {
      if let unverified = try? self.unverifiedPayload(of: token), unverified.exp.value <= Date() {
        throw .unauthenticated("the access token has expired; refresh it", .credentialExpired)
      }
      throw .unauthenticated("the access token is not valid yet", .credentialInvalid)
    } catch {
      throw .unauthenticated("the access token's signature or contents are invalid", .credentialInvalid)
    }
    guard payload.iss.value == self.config.issuer, payload.aud.value.contains(self.config.audience) else {
      throw .unauthenticated("the access token was issued for another service", .credentialInvalid)
    }
    return Claims(userID: payload.sub.value, sessionID: payload.sid, expiresAt: payload.exp.value)
  }

  // MARK: - Keys

  private func currentSigningKey(now: Date) async throws -> String {
    if let kid = self.signingKID, let key = self.known[kid], key.retiresAt > now { return kid }
    try await self.loadKeys(now: now)
    if let key = self.known.values.filter({ $0.retiresAt > now }).max(by: { $0.createdAt < $1.createdAt }) {
      self.signingKID = key.kid
      return key.kid
    }
    let privateKey = Curve25519.Signing.PrivateKey()
    let retiresAt = now.addingTimeInterval(self.config.keySigningPeriod.timeInterval)
    let key = StoredSigningKey(
      kid: Identifier.make("sk", at: now),
      algorithm: "EdDSA",
      privateKey: privateKey.rawRepresentation,
      createdAt: now,
      retiresAt: retiresAt,
      expiresAt: retiresAt.addingTimeInterval(self.config.lifetime.timeInterval + 60)
    )
    try await self.repository.addSigningKey(key)
    try await self.add(key)
    self.signingKID = key.kid
    return key.kid
  }

  private func loadKeys(now: Date) async throws {
    for key in try await self.repository.signingKeys(validAt: now) where self.known[key.kid] == nil {
      try await self.add(key)
    }
  }

  private func add(_ key: StoredSigningKey) async throws {
    let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: key.privateKey)
    await self.keys.add(eddsa: EdDSA.PrivateKey(backing: privateKey), kid: JWKIdentifier(string: key.kid))
    self.known[key.kid] = key
  }

  // MARK: - Unverified parts

  private struct Header: Decodable {
    var alg: String?
    var kid: String?
  }

  private static func header(of token: String) -> Header? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let data = Base64URL.decode(parts[0]) else { return nil }
    return try? JSONDecoder().decode(Header.self, from: data)
  }

  private func unverifiedPayload(of token: String) throws -> Payload? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let data = Base64URL.decode(parts[1]) else { return nil }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970  // JWT times are Unix seconds
    return try decoder.decode(Payload.self, from: data)
  }
}
