public import RentGuyTransport

/// Where a RentGuy server listens, parsed from the forms people type:
///
/// - `host:port`, `[::1]:port`, `http://host:port`: h2c (plaintext HTTP/2);
/// - `https://host[:port]`: TLS with ALPN h2 (port 443 when omitted);
/// - `unix:/path/to/socket`: h2c over a Unix domain socket.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
  /// The transport target.
  public var target: NGHTTP2ClientTransport.Target
  /// Whether to use TLS.
  public var usesTLS: Bool

  /// The local server on its default port.
  public static var localDefault: Self { Self(target: .host("127.0.0.1", port: 50051), usesTLS: false) }

  /// An address from its parts.
  public init(target: NGHTTP2ClientTransport.Target, usesTLS: Bool) {
    self.target = target
    self.usesTLS = usesTLS
  }

  /// Parses an address; throws ``ClientConfigurationError`` saying what is wrong.
  public init(parsing text: String) throws(ClientConfigurationError) {
    if text.hasPrefix("unix:") {
      let path = String(text.dropFirst("unix:".count))
      guard !path.isEmpty else { throw ClientConfigurationError("'\(text)': the socket path is missing") }
      self.init(target: .unixDomainSocket(path: path), usesTLS: false)
      return
    }
    var rest = Substring(text)
    var usesTLS = false
    if rest.hasPrefix("https://") {
      usesTLS = true
      rest = rest.dropFirst("https://".count)
    } else if rest.hasPrefix("http://") {
      rest = rest.dropFirst("http://".count)
    }
    if rest.hasSuffix("/") { rest = rest.dropLast() }

    let host: Substring
    var portText: Substring?
    if rest.hasPrefix("[") {
      guard let close = rest.firstIndex(of: "]") else {
        throw ClientConfigurationError("'\(text)': missing ']' after the IPv6 address")
      }
      host = rest[rest.index(after: rest.startIndex)..<close]
      let after = rest[rest.index(after: close)...]
      if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
        throw ClientConfigurationError("'\(text)': expected ':port' after the IPv6 address")
      }
    } else if let colon = rest.lastIndex(of: ":") {
      host = rest[..<colon]
      portText = rest[rest.index(after: colon)...]
    } else {
      host = rest
    }
    guard !host.isEmpty else { throw ClientConfigurationError("'\(text)': the host is missing") }

    let port: Int
    if let portText {
      guard let parsed = Int(portText), (1...65535).contains(parsed) else {
        throw ClientConfigurationError("'\(text)': '\(portText)' is not a port (1-65535)")
      }
      port = parsed
    } else if usesTLS {
      port = 443
    } else {
      throw ClientConfigurationError("'\(text)': the port is missing (host:port)")
    }
    self.init(target: .host(String(host), port: port), usesTLS: usesTLS)
  }

  public var description: String { (usesTLS ? "https://" : "") + target.description }
}
