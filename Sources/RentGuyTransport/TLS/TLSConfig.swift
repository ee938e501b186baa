/// TLS for a server transport: a PEM certificate chain and key, optionally requiring client
/// certificates (mTLS). ALPN `h2` is required and TLS 1.2 is the minimum.
public struct ServerTLSConfig: Sendable, Hashable {
  /// PEM file with the server certificate followed by its chain.
  public var certificateChainPath: String
  /// PEM file with the private key.
  public var privateKeyPath: String
  /// PEM file of CA certificates that client certificates must chain to; `nil` disables mTLS.
  public var clientCertificateCAPath: String?

  public init(certificateChainPath: String, privateKeyPath: String, clientCertificateCAPath: String? = nil) {
    self.certificateChainPath = certificateChainPath
    self.privateKeyPath = privateKeyPath
    self.clientCertificateCAPath = clientCertificateCAPath
  }
}

/// TLS for a client transport: server verification against the system roots or a given CA, SNI
/// and hostname verification, an optional client certificate (mTLS). ALPN `h2` is required.
public struct ClientTLSConfig: Sendable, Hashable {
  /// PEM file of CA certificates to trust instead of the system roots.
  public var trustedCAPath: String?
  /// The name to send as SNI and to verify the certificate against; defaults to the target host.
  public var serverName: String?
  /// PEM client certificate chain and key, for servers that require mTLS.
  public var certificateChainPath: String?
  public var privateKeyPath: String?

  public init(
    trustedCAPath: String? = nil,
    serverName: String? = nil,
    certificateChainPath: String? = nil,
    privateKeyPath: String? = nil
  ) {
    self.trustedCAPath = trustedCAPath
    self.serverName = serverName
    self.certificateChainPath = certificateChainPath
    self.privateKeyPath = privateKeyPath
  }
}

/// How a client transport talks to its server.
public enum ClientSecurity: Sendable, Hashable {
  /// HTTP/2 over cleartext TCP (h2c, prior knowledge).
  case plaintext
  /// HTTP/2 over TLS with ALPN `h2`.
  case tls(ClientTLSConfig)
}

/// A TLS setup failure (unreadable files, a key that does not match, a handshake failure).
public struct TLSError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { "TLS: \(self.message)" }

  init(_ message: String) {
    self.message = message
  }
}
