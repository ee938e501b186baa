extension NGHTTP2ServerTransport {
  /// Configuration of the nghttp2 server transport. Every value has a safe default.
  ///
  /// ```swift
  /// let config = NGHTTP2ServerTransport.Config.defaults { config in
  ///   config.limits.maxReceiveMessageSize = 8 * 1024 * 1024
  /// }
  /// ```
  public struct Config: Sendable {
    /// Limits on what a peer may send.
    public var limits: Limits
    /// HTTP/2 settings and nghttp2 protections.
    public var http2: HTTP2
    /// Per-stream buffering (backpressure) between the connection and handlers.
    public var buffers: Buffers
    /// Keepalive, idle and shutdown behaviour of connections.
    public var connection: Connection
    /// Message compression.
    public var compression: Compression

    /// The default configuration.
    public static var defaults: Self {
      Self(
        limits: .defaults,
        http2: .defaults,
        buffers: .defaults,
        connection: .defaults,
        compression: .defaults
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

extension NGHTTP2ServerTransport.Config {
  /// Limits on what a peer may send.
  public struct Limits: Sendable {
    /// Largest request message, compressed or decompressed; larger ones end the RPC with
    /// RESOURCE_EXHAUSTED while the connection keeps working. Default 4 MiB.
    public var maxReceiveMessageSize: Int
    /// Largest request header list (RFC 9113 size: name + value + 32 per field). Default 16 KiB.
    public var maxHeaderListSize: Int
    /// SETTINGS_MAX_CONCURRENT_STREAMS advertised to clients. Default 256.
    public var maxConcurrentStreams: Int

    public static var defaults: Self {
      Self(maxReceiveMessageSize: 4 * 1024 * 1024, maxHeaderListSize: 16 * 1024, maxConcurrentStreams: 256)
    }
  }

  /// HTTP/2 flow-control windows and nghttp2's protections against abusive peers.
  public struct HTTP2: Sendable {
    /// SETTINGS_INITIAL_WINDOW_SIZE: bytes a client may send on one stream before the handler
    /// takes them. Default 256 KiB.
    public var initialStreamWindowSize: Int
    /// Connection-level receive window. Default 1 MiB.
    public var connectionWindowSize: Int
    /// SETTINGS_MAX_FRAME_SIZE. Default 16 KiB (the protocol minimum).
    public var maxFrameSize: Int
    /// RST_STREAM frames a client may send in a burst before the connection is closed
    /// (rapid-reset protection, CVE-2023-44487). Default 1000.
    public var resetBurst: Int
    /// RST_STREAM frames per second regenerated for that burst. Default 33.
    public var resetsPerSecond: Int
    /// CONTINUATION frames allowed after one HEADERS frame (CVE-2024-28182). Default 8.
    public var maxContinuations: Int
    /// Unsent PING/SETTINGS acknowledgements tolerated before the peer is considered to flood.
    /// Default 1000.
    public var maxOutboundAcks: Int
    /// Entries allowed in one SETTINGS frame. Default 32.
    public var maxSettingsEntries: Int

    public static var defaults: Self {
      Self(
        initialStreamWindowSize: 256 * 1024,
        connectionWindowSize: 1024 * 1024,
        maxFrameSize: 16 * 1024,
        resetBurst: 1000,
        resetsPerSecond: 33,
        maxContinuations: 8,
        maxOutboundAcks: 1000,
        maxSettingsEntries: 32
      )
    }
  }

  /// Buffering between a stream and its handler.
  public struct Buffers: Sendable {
    /// Request messages buffered for a handler before the stream stops being read: no more
    /// messages are deframed (or decompressed) and the flow-control window is not replenished.
    /// Default 8 (resumes at 2).
    public var inboundMessagesHighWatermark: Int
    /// See ``inboundMessagesHighWatermark``. Default 2.
    public var inboundMessagesLowWatermark: Int
    /// Decompressed request bytes buffered for a handler before the stream stops being read, as
    /// for ``inboundMessagesHighWatermark``; whichever is reached first applies. One message of up
    /// to `maxReceiveMessageSize` always fits. Default 4 MiB (resumes at 1 MiB).
    public var inboundBytesHighWatermark: Int
    /// See ``inboundBytesHighWatermark``. Default 1 MiB.
    public var inboundBytesLowWatermark: Int
    /// Response bytes a handler may write ahead of nghttp2 before its writes suspend.
    /// Default 256 KiB (resumes at 64 KiB).
    public var outboundBytesHighWatermark: Int
    /// See ``outboundBytesHighWatermark``. Default 64 KiB.
    public var outboundBytesLowWatermark: Int

    public static var defaults: Self {
      Self(
        inboundMessagesHighWatermark: 8,
        inboundMessagesLowWatermark: 2,
        inboundBytesHighWatermark: 4 * 1024 * 1024,
        inboundBytesLowWatermark: 1024 * 1024,
        outboundBytesHighWatermark: 256 * 1024,
        outboundBytesLowWatermark: 64 * 1024
      )
    }

    var inboundWatermarks: InboundWatermarks {
      InboundWatermarks(
        messagesLow: self.inboundMessagesLowWatermark,
        messagesHigh: self.inboundMessagesHighWatermark,
        bytesLow: self.inboundBytesLowWatermark,
        bytesHigh: self.inboundBytesHighWatermark
      )
    }
  }

  /// Keepalive, idleness and shutdown of connections.
  public struct Connection: Sendable {
    /// Interval between server PINGs on a connection; `nil` disables keepalive. Default 2 hours.
    public var keepaliveInterval: Duration?
    /// How long to wait for a PING acknowledgement before closing the connection. Default 20 s.
    public var keepaliveTimeout: Duration
    /// Close a connection with no open streams after this long; `nil` never. Default 10 minutes.
    public var maxIdleTime: Duration?
    /// Close a connection that has not completed the HTTP/2 preface within this time. Default 10 s.
    public var handshakeTimeout: Duration
    /// After graceful shutdown begins, RPCs still running after this long are cancelled.
    /// Default 30 s.
    public var shutdownGracePeriod: Duration

    public static var defaults: Self {
      Self(
        keepaliveInterval: .seconds(2 * 60 * 60),
        keepaliveTimeout: .seconds(20),
        maxIdleTime: .seconds(10 * 60),
        handshakeTimeout: .seconds(10),
        shutdownGracePeriod: .seconds(30)
      )
    }
  }

  /// gzip message compression (`grpc-encoding` / `grpc-accept-encoding`).
  public struct Compression: Sendable {
    /// Accept gzip-compressed requests and offer gzip responses. Default true.
    public var gzipEnabled: Bool
    /// Compress responses by default when the client accepts gzip (handlers can change this per
    /// RPC through ``HTTP2ServerStreamContext``). Default false.
    public var compressResponsesByDefault: Bool

    public static var defaults: Self {
      Self(gzipEnabled: true, compressResponsesByDefault: false)
    }
  }
}
