import Foundation
import Logging
import Synchronization

/// The server's TLS context, reloaded from its files when they change (checked at most once a
/// second, on new connections) or when ``reload()`` is called: certificates rotate without a
/// restart, and existing connections keep the context they started with.
final class ServerTLSContext: Sendable {
  private struct Loaded {
    var context: SSLContext
    var fingerprint: [Date?]
    var checkedAt: ContinuousClock.Instant
  }

  let config: ServerTLSConfig
  private let loaded: Mutex<Loaded>
  private let logger: Logger

  init(config: ServerTLSConfig, logger: Logger) throws(TLSError) {
    self.config = config
    self.logger = logger
    let context = try SSLContext.server(config)
    self.loaded = Mutex(Loaded(context: context, fingerprint: Self.fingerprint(config), checkedAt: .now))
  }

  /// The context for a new connection.
  func current() -> SSLContext {
    let (context, changed) = self.loaded.withLock { loaded -> (SSLContext, Bool) in
      guard ContinuousClock.now - loaded.checkedAt >= .seconds(1) else { return (loaded.context, false) }
      loaded.checkedAt = .now
      let fingerprint = Self.fingerprint(self.config)
      return (loaded.context, fingerprint != loaded.fingerprint)
    }
    guard changed else { return context }
    do {
      return try self.reload()
    } catch {
      self.logger.error("TLS reload failed; keeping the previous certificate", metadata: ["error": "\(error)"])
      return context
    }
  }

  /// Reads the certificate, key and client CA files again.
  @discardableResult
  func reload() throws(TLSError) -> SSLContext {
    let fingerprint = Self.fingerprint(self.config)
    let context = try SSLContext.server(self.config)
    self.loaded.withLock { $0 = Loaded(context: context, fingerprint: fingerprint, checkedAt: .now) }
    self.logger.info("TLS certificate loaded", metadata: ["certificate": "\(self.config.certificateChainPath)"])
    return context
  }

  func makeHandler() throws(TLSError) -> OpenSSLHandler {
    try OpenSSLHandler(context: self.current(), isServer: true)
  }

  private static func fingerprint(_ config: ServerTLSConfig) -> [Date?] {
    [config.certificateChainPath, config.privateKeyPath, config.clientCertificateCAPath].map { path in
      path.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date }
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
