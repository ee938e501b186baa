public import GRPCCore
public import Logging
public import NIOCore
public import NIOPosix

/// A GRPCCore `ClientTransport` over HTTP/2 on nghttp2: one multiplexed connection per target,
/// opened lazily, re-opened with exponential backoff and jitter after failures, and replaced when
/// the server sends GOAWAY (in-flight RPCs finish on the old connection).
///
/// ```swift
/// let transport = NGHTTP2ClientTransport(target: .host("127.0.0.1", port: 50051))
/// try await withGRPCClient(transport: transport) { client in
///   let echo = Echo_Echo.Client(wrapping: client)
///   …
/// }
/// ```
public final class NGHTTP2ClientTransport: ClientTransport {
  public typealias Bytes = HTTP2MessageBytes

  /// Where the server is.
  public enum Target: Sendable, Hashable, CustomStringConvertible {
    /// A host name or IP address (IPv4 or IPv6) and a port.
    case host(String, port: Int)
    /// A Unix domain socket path.
    case unixDomainSocket(path: String)

    public var description: String {
      switch self {
      case .host(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
      case .unixDomainSocket(let path): "unix:\(path)"
      }
    }

    /// The `:authority` of requests.
    var authority: String {
      switch self {
      case .host: self.description
      case .unixDomainSocket: "localhost"
      }
    }
  }

  public let target: Target
  public let config: Config
  public let security: ClientSecurity
  public var retryThrottle: RetryThrottle? { nil }
  private let manager: ClientConnectionManager

  /// - Parameters:
  ///   - target: the server.
  ///   - security: plaintext (h2c) or TLS.
  ///   - config: limits, HTTP/2 settings, buffers, backoff and keepalive.
  ///   - eventLoopGroup: event loops for connections.
  ///   - logger: connection-level diagnostics (debug level).
  public init(
    target: Target,
    security: ClientSecurity = .plaintext,
    config: Config = .defaults,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    logger: Logger = Logger(label: "rentguy.transport.client")
  ) throws {
    self.target = target
    self.config = config
    self.security = security
    self.manager = try ClientConnectionManager(
      target: target,
      security: security,
      config: config,
      group: eventLoopGroup,
      logger: logger
    )
  }

  /// Maintains connections until `beginGracefulShutdown()`, then returns once every connection
  /// has closed (after its in-flight RPCs).
  public func connect() async throws {
    await withTaskCancellationHandler {
      await self.manager.runUntilShutdown()
    } onCancel: {
      self.manager.closeAll()
    }
  }

  /// New RPCs fail with UNAVAILABLE; open ones finish; then connections close.
  public func beginGracefulShutdown() {
    self.manager.shutdown()
  }

  public func withStream<T: Sendable>(
    descriptor: MethodDescriptor,
    options: CallOptions,
    _ closure: (_ stream: RPCStream<Inbound, Outbound>, _ context: ClientContext) async throws -> T
  ) async throws -> T {
    let open: @Sendable () async throws -> ClientAttempt = { [manager] in
      try await manager.openAttempt(descriptor: descriptor, options: options)
    }
    let call = ClientCall(first: try await open(), openAttempt: open)
    defer { call.abandon() }
    let stream = RPCStream(
      descriptor: descriptor,
      inbound: RPCAsyncSequence<RPCResponsePart<Bytes>, any Error>(
        wrapping: CancellationMappedSequence(base: ClientCallInbound(call: call))
      ),
      outbound: RPCWriter<RPCRequestPart<Bytes>>.Closable(wrapping: ClientCallWriter(call: call))
    )
    let connection = call.attempt.connection
    let context = ClientContext(
      descriptor: descriptor,
      remotePeer: connection.remotePeer,
      localPeer: connection.localPeer
    )
    return try await closure(stream, context)
  }

  /// The most specific entry of `config.serviceConfig` for `descriptor`: the method, else its
  /// service, else the default (empty service name).
  public func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? {
    let names = [
      MethodConfig.Name(service: descriptor.service.fullyQualifiedService, method: descriptor.method),
      MethodConfig.Name(service: descriptor.service.fullyQualifiedService),
      MethodConfig.Name(service: ""),
    ]
    for name in names {
      if let match = config.serviceConfig.methodConfig.first(where: { $0.names.contains(name) }) {
        return match
      }
    }
    return nil
  }
}
