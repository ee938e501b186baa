import Foundation
import Logging
import Synchronization

/// The server's TLS context, reloaded when its files change: ``watchForChanges(every:)`` compares
/// the files' contents (following symlinks, so a Kubernetes `..data` swap counts) once a second on
/// a task of its own, never on an event loop; ``reload()`` does it at once. Certificates rotate
/// without a restart, and existing connections keep the context they started with.
final class ServerTLSContext: Sendable {
  private struct Loaded {
    var context: SSLContext
    /// Hashes of the certificate, key and client CA files as they were when `context` was made
    /// (hashes, so the private key is not kept in memory twice).
    var contents: [Int?]
  }

  let config: ServerTLSConfig
  private let loaded: Mutex<Loaded>
  private let logger: Logger

  init(config: ServerTLSConfig, logger: Logger) throws(TLSError) {
    self.config = config
    self.logger = logger
    let contents = Self.contents(config)
    let context = try SSLContext.server(config)
    self.loaded = Mutex(Loaded(context: context, contents: contents))
  }

  /// The context for a new connection (no I/O).
  func current() -> SSLContext {
    self.loaded.withLock { $0.context }
  }

  /// Reads the certificate, key and client CA files again.
  @discardableResult
  func reload() throws(TLSError) -> SSLContext {
    let contents = Self.contents(self.config)
    let context = try SSLContext.server(self.config)
    self.loaded.withLock { $0 = Loaded(context: context, contents: contents) }
    self.logger.info("TLS certificate loaded", metadata: ["certificate": "\(self.config.certificateChainPath)"])
    return context
  }

  /// Reloads whenever the files' contents change, checking every `interval`, until cancelled.
  /// A reload that fails keeps the previous certificate (and is retried when the files change).
  func watchForChanges(every interval: Duration = .seconds(1)) async {
    while (try? await Task.sleep(for: interval)) != nil {
      let contents = Self.contents(self.config)
      let changed = self.loaded.withLock { loaded -> Bool in
        guard contents != loaded.contents else { return false }
        loaded.contents = contents  // one attempt per change, not one a second
        return true
      }
      guard changed else { continue }
      do {
        try self.reload()
      } catch {
        self.logger.error("TLS reload failed; keeping the previous certificate", metadata: ["error": "\(error)"])
      }
    }
  }

  func makeHandler() throws(TLSError) -> OpenSSLHandler {
    try OpenSSLHandler(context: self.current(), isServer: true)
  }

  private static func contents(_ config: ServerTLSConfig) -> [Int?] {
    [config.certificateChainPath, config.privateKeyPath, config.clientCertificateCAPath].map { path in
      path.flatMap { FileManager.default.contents(atPath: $0) }.map { data in
        var hasher = Hasher()
        hasher.combine(data)
        return hasher.finalize()
      }
    }
  }
}

/// The client's TLS context.
final class ClientTLSContext: Sendable {
  let config: ClientTLSConfig
  private let context: SSLContext

  init(config: ClientTLSConfig) throws(TLSError) {
    self.config = config
    self.context = try SSLContext.client(config)
  }

  /// A handler for a connection to `serverName` (the target host), verified against
  /// `config.serverName` when set.
  func makeHandler(serverName: String?, handshakeTimeout: Duration) throws(TLSError) -> OpenSSLHandler {
    let name = self.config.serverName ?? serverName
    return try OpenSSLHandler(
      context: self.context,
      isServer: false,
      serverName: name,
      handshakeTimeout: handshakeTimeout
    )
  }
}
