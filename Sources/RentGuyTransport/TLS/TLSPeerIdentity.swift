import NIOCore

/// What a TLS client checks the server's certificate against, parsed from the name it was given.
enum TLSPeerIdentity: Equatable {
  /// An IPv4 or IPv6 address, in the form `X509_VERIFY_PARAM_set1_ip_asc` takes.
  case ipAddress(String)
  /// A host name, verified against the certificate's DNS names and sent as SNI.
  case dnsName(String)
  /// No identity can be checked: the connection must not be made.
  case invalid(String)

  /// Parses `name`: `[::1]` and `fe80::1%eth0` are IPv6 addresses (the brackets and the zone are
  /// not part of the address), anything `inet_pton` accepts is an address, and anything else with
  /// characters a host name cannot have is refused rather than left unverified.
  init(_ name: String?) {
    guard let name, !name.isEmpty else {
      self = .invalid("no server name to verify the certificate against (set ClientTLSConfig.serverName)")
      return
    }
    var host = Substring(name)
    if host.first == "[" && host.last == "]" {
      host = host.dropFirst().dropLast()
    }
    if let zone = host.firstIndex(of: "%"), host[..<zone].contains(":") {
      host = host[..<zone]
    }
    if Self.isIPAddress(String(host)) {
      self = .ipAddress(String(host))
    } else if !host.isEmpty, host.utf8.allSatisfy(Self.isHostNameByte) {
      self = .dnsName(String(host))
    } else {
      self = .invalid("'\(name)' is neither an IP address nor a host name")
    }
  }

  private static func isIPAddress(_ text: String) -> Bool {
    (try? SocketAddress(ipAddress: text, port: 0)) != nil
  }

  /// Letters, digits, `-`, `.` and `_` (some internal names use it); `*` is never a host.
  private static func isHostNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
      true
    default:
      false
    }
  }
}
