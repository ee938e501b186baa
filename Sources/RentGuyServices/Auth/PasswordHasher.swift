internal import CArgon2
import NIOPosix

/// Argon2id password hashing on the reference implementation (libargon2), at OWASP's parameters
/// (7 MiB of memory, 5 passes, 1 lane). Hashing is deliberately slow, so it runs on NIO's
/// blocking-work thread pool (one thread per core), never on the cooperative pool or an event loop.
///
/// ``verify(_:against:)`` takes the same time whether or not there is a hash to check: without
/// one it checks a decoy, so an unknown e-mail costs what a wrong password costs.
public struct PasswordHasher: Sendable {
  /// Argon2id cost parameters.
  public struct Parameters: Sendable, Hashable {
    /// Memory in KiB. OWASP: 7 MiB.
    public var memoryKiB: UInt32 = 7 * 1024
    /// Passes. OWASP: 5.
    public var iterations: UInt32 = 5
    /// Lanes. OWASP: 1.
    public var parallelism: UInt32 = 1

    public init() {}

    /// Cheap parameters for tests that hash many passwords (never for real passwords).
    public static var testing: Self {
      var parameters = Self()
      parameters.memoryKiB = 256
      parameters.iterations = 1
      return parameters
    }
  }

  private let parameters: Parameters
  private let pool: NIOThreadPool
  private let decoy: String

  public init(parameters: Parameters = Parameters()) throws {
    self.parameters = parameters
    self.pool = .singleton
    self.decoy = try Self.hashNow(Array("decoy password for unknown users".utf8), parameters: parameters)
  }

  /// The encoded hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) of `password`, with a new salt.
  public func hash(_ password: String) async throws -> String {
    let parameters = self.parameters
    return try await self.pool.runIfActive {
      try Self.hashNow(Array(password.utf8), parameters: parameters)
    }
  }

  /// Whether `password` matches `encoded`. With no hash (an unknown user, or a user without a
  /// password), a decoy is checked and the answer is `false`, in the same time.
  public func verify(_ password: String, against encoded: String?) async -> Bool {
    let target = encoded ?? self.decoy
    let matches = (try? await self.pool.runIfActive {
      let bytes = Array(password.utf8)
      return argon2id_verify(target, bytes, bytes.count) == ARGON2_OK.rawValue
    }) ?? false
    return matches && encoded != nil
  }

  private static func hashNow(_ password: [UInt8], parameters: Parameters) throws -> String {
    var salt = [UInt8](repeating: 0, count: 16)
    var generator = SystemRandomNumberGenerator()
    for index in salt.indices { salt[index] = UInt8.random(in: .min ... .max, using: &generator) }
    let length = argon2_encodedlen(
      parameters.iterations, parameters.memoryKiB, parameters.parallelism,
      UInt32(salt.count), 32, Argon2_id
    )
    var encoded = [CChar](repeating: 0, count: length)
    let result = argon2id_hash_encoded(
      parameters.iterations, parameters.memoryKiB, parameters.parallelism,
      password, password.count, salt, salt.count, 32, &encoded, length
    )
    guard result == ARGON2_OK.rawValue else {
      throw PasswordHashingError(message: String(cString: argon2_error_message(result)))
    }
    return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// libargon2 refused to hash (out of memory, or parameters out of range).
public struct PasswordHashingError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { "password hashing failed: \(self.message)" }
}
