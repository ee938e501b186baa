import Foundation
public import RentGuyStore

/// The first administrator: on a database with no users, creates the configured admin, or
/// `admin@localhost` with a random password that is returned once (for the server to print) and
/// written to a file only its owner can read, beside the database.
public struct AdminBootstrap: Sendable {
  /// What ``run(email:password:passwordFile:)`` did.
  public enum Outcome: Sendable, Equatable {
    /// The database already has users.
    case notNeeded
    /// The configured admin was created.
    case created(email: String)
    /// `admin@localhost` was created with `password`, also written to `file`.
    case generated(email: String, password: String, file: String)
  }

  public static let defaultEmail = "admin@localhost"

  private let repository: any IdentityRepository
  private let passwords: PasswordHasher

  public init(repository: any IdentityRepository, passwords: PasswordHasher) {
    self.repository = repository
    self.passwords = passwords
  }

  public func run(email: String?, password: String?, passwordFile: String) async throws -> Outcome {
    guard try await self.repository.userCount() == 0 else { return .notNeeded }
    if let email, let password {
      try await self.createAdmin(email: email, password: password)
      return .created(email: email)
    }
    let generated = SecretToken.make(prefix: "").prefix(24)
    try Self.writeSecretFile(passwordFile, contents: String(generated) + "\n")
    try await self.createAdmin(email: Self.defaultEmail, password: String(generated))
    return .generated(email: Self.defaultEmail, password: String(generated), file: passwordFile)
  }

  /// Creates an admin (for `rentguy-server create-admin` on an existing database too).
  public func createAdmin(email: String, password: String) async throws {
    guard password.count >= 12 else { throw IdentityError.invalidArgument("password", "must have at least 12 characters") }
    let now = Date()
    let user = StoredUser(
      id: Identifier.make("usr", at: now),
      email: email,
      displayName: "Administrator",
      passwordHash: try await self.passwords.hash(password),
      roleIDs: ["admin"],
      createdAt: now,
      updatedAt: now
    )
    try await self.repository.createUser(
      user,
      audit: AuditEntry(
        actorID: "system", actorName: "rentguy-server", action: "identity.admin.created", resourceID: user.id,
        summary: "administrator \(email) created"
      )
    )
  }

  private static func writeSecretFile(_ path: String, contents: String) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
    guard manager.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
  }
}
