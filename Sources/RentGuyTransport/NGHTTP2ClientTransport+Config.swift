public import GRPCCore

extension NGHTTP2ClientTransport {
  /// Configuration of the nghttp2 client transport. Every value has a safe default.
  public struct Config: Sendable {
    /// Limits on what the server may send.
    public var limits: Limits
    /// HTTP/2 settings and nghttp2 protections.
    public var http2: NGHTTP2ServerTransport.Config.HTTP2
    /// Per-stream buffering (backpressure).
    public var buffers: NGHTTP2ServerTransport.Config.Buffers
    /// Connecting, reconnecting and keepalive.
    public var connection: Connection
    /// Accept gzip-compressed responses and allow gzip requests (`CallOptions.compression`).
    public var gzipEnabled: Bool
    /// Per-method defaults (timeouts, message sizes) that calls inherit unless their
    /// `CallOptions` say otherwise. A name with an empty service applies to every method.
    public var serviceConfig: ServiceConfig

    /// The default configuration.
    public static var defaults: Self {
      Self(
        limits: .defaults, http2: .defaults, buffers: .defaults, connection: .defaults, gzipEnabled: true,
        serviceConfig: ServiceConfig()
      )
    }

    /// The default configuration, adjusted by `configure`.
    public static func defaults(configure: (inout Self) -> Void) -> Self {
      var config = Self.defaults
      configure(&config)
      return config
    }
  }
}

extension NGHTTP2ClientTransport.Config {
  /// Limits on what the server may send.
  public struct Limits: Sendable {
    /// Largest response message unless `CallOptions.maxResponseMessageBytes` says otherwise. 4 MiB.
    public var maxReceiveMessageSize: Int
    /// Largest response header list. Default 16 KiB.
    public var maxHeaderListSize: Int

    public static var defaults: Self {
      Self(maxReceiveMessageSize: 4 * 1024 * 1024, maxHeaderListSize: 16 * 1024)
    }
  }

  /// Connecting, reconnecting and keepalive.
  public struct Connection: Sendable {
    /// Time allowed for TCP connect (and TLS handshake). Default 20 s.
    public var connectTimeout: Duration
    /// Reconnect backoff (gRPC connection-backoff): first delay. Default 1 s.
    public var backoffInitial: Duration
    /// Reconnect backoff multiplier. Default 1.6.
    public var backoffMultiplier: Double
    /// Reconnect backoff jitter, as a fraction of the delay. Default 0.2.
    public var backoffJitter: Double
    /// Reconnect backoff ceiling. Default 120 s.
    public var backoffMax: Duration
    /// Interval between client PINGs; `nil` disables keepalive. Default nil.
    public var keepaliveInterval: Duration?
    /// How long to wait for a PING acknowledgement before closing. Default 20 s.
    public var keepaliveTimeout: Duration

    public static var defaults: Self {
      Self(
        connectTimeout: .seconds(20),
        backoffInitial: .seconds(1),
        backoffMultiplier: 1.6,
        backoffJitter: 0.2,
        backoffMax: .seconds(120),
        keepaliveInterval: nil,
        keepaliveTimeout: .seconds(20)
      )
    }
  }
}
