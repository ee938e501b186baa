import Foundation

/// The CLI's saved sessions: `$XDG_CONFIG_HOME/rentguy/credentials.json` (default
/// `~/.config/rentguy/`), one entry per server, readable only by its owner (0600 in a 0700
/// directory), like `gh`'s hosts file.
struct CredentialStore {
  struct Session: Codable, Equatable {
    var email: String
    var sessionID: String
    var accessToken: String
    var accessTokenExpiresAt: Date
    var refreshToken: String
    var refreshTokenExpiresAt: Date
  }

  let path: String

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let base =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
    self.path = base + "/rentguy/credentials.json"
  }

  func session(for server: String) -> Session? {
    self.load()[server]
  }

  func save(_ session: Session?, for server: String) throws {
    var all = self.load()
    all[server] = session
    let directory = (self.path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    let data = try encoder.encode(all)
    // Written to a private temporary file, then renamed: never readable by others, never half-written.
    let temporary = self.path + ".tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]),
      rename(temporary, self.path) == 0
    else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: self.path])
    }
  }

  private func load() -> [String: Session] {
    guard let data = FileManager.default.contents(atPath: self.path) else { return [:] }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return (try? decoder.decode([String: Session].self, from: data)) ?? [:]
  }
}
