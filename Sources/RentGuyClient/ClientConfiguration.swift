import RentGuyTransport

/// How a ``RentGuyClient`` reaches the server and who it is.
public struct ClientConfiguration: Sendable {
  /// The server. Default: 127.0.0.1:50051 over h2c.
  public var server: ServerAddress
  /// A user's access token or an API key, sent as `authorization: Bearer …` on every call.
  public var token: String?
  /// PEM CA bundle to trust instead of the system roots (TLS only).
  public var trustedCAPath: String?
  /// The name to verify the server's certificate against, when it differs from the host.
  public var serverName: String?
  /// Deadline for calls that don't set their own. Default: 30 s.
  public var defaultTimeout: Duration?

  /// The defaults: the local server, no credential.
  public static var defaults: Self {
    Self(server: .localDefault, token: nil, trustedCAPath: nil, serverName: nil, defaultTimeout: .seconds(30))
  }

  /// The defaults, changed by `configure`.
  public static func defaults(configure: (inout Self) -> Void) -> Self {
    var configuration = Self.defaults
    configure(&configuration)
    return configuration
  }

  /// Creates a configuration.
  public init(
    server: ServerAddress,
    token: String?,
    trustedCAPath: String?,
    serverName: String?,
    defaultTimeout: Duration?
  ) {
    self.server = server
    self.token = token
    self.trustedCAPath = trustedCAPath
    self.serverName = serverName
    self.defaultTimeout = defaultTimeout
  }

  var security: ClientSecurity {
    guard server.usesTLS else { return .plaintext }
    return .tls(ClientTLSConfig(trustedCAPath: trustedCAPath, serverName: serverName))
  }
}
