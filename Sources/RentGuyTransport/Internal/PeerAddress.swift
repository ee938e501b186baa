import NIOCore

/// gRPC's peer strings: `ipv4:127.0.0.1:50051`, `ipv6:[::1]:50051`, `unix:/path`.
enum PeerAddress {
  static func describe(_ address: SocketAddress?) -> String {
    guard let address else { return "unknown" }
    switch address {
    case .v4(let inner): return "ipv4:\(inner.host):\(address.port ?? 0)"
    case .v6(let inner): return "ipv6:[\(inner.host)]:\(address.port ?? 0)"
    case .unixDomainSocket: return "unix:\(address.pathname ?? "")"
    }
  }
}
