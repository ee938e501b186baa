public import GRPCCore
public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// A GRPCCore `ServerTransport` serving gRPC over HTTP/2: SwiftNIO owns the sockets and event
/// loops, and one nghttp2 server session per connection does the HTTP/2 work.
///
/// ```swift
/// let transport = NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 50051))
/// let server = GRPCServer(transport: transport, services: [MyService()])
/// try await server.serve()
/// ```
public final class NGHTTP2ServerTransport: ServerTransport {
  public typealias Bytes = HTTP2MessageBytes

  /// Where the server listens.
  public enum Address: Sendable, Hashable, CustomStringConvertible {
    /// A host name or IP address (IPv4 or IPv6) and a port; port 0 picks a free one.
    case host(String, port: Int)
    /// A Unix domain socket path.
    case unixDomainSocket(path: String)

    public var description: String {
      switch self {
      case .host(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
      case .unixDomainSocket(let path): "unix:\(path)"
      }
    }
  }

  private enum State {
    case idle
    case listening(any Channel)
    case stopped
  }

  /// Plaintext (h2c) or TLS with ALPN h2.
  public enum Security: Sendable, Hashable {
    case plaintext
    case tls(ServerTLSConfig)
  }

  public let address: Address
  public let config: Config
  public let security: Security
  private let tls: ServerTLSContext?
  private let group: any EventLoopGroup
  private let logger: Logger
  private let state = Mutex(State.idle)
  private let connections = ConnectionRegistry()
  private let boundAddress: EventLoopPromise<SocketAddress>

  /// - Parameters:
  ///   - address: where to listen.
  ///   - security: plaintext (h2c) or TLS; TLS files are read here, so bad ones fail early.
  ///   - config: limits, HTTP/2 settings, buffers, keepalive and compression.
  ///   - eventLoopGroup: the event loops for the listener and connections.
  ///   - logger: connection-level diagnostics (debug level).
  public init(
    address: Address,
    security: Security = .plaintext,
    config: Config = .defaults,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    logger: Logger = Logger(label: "rentguy.transport.server")
  ) throws(TLSError) {
    self.address = address
    self.security = security
    switch security {
    case .plaintext: self.tls = nil
    case .tls(let tlsConfig): self.tls = try ServerTLSContext(config: tlsConfig, logger: logger)
    }
    self.config = config
    self.group = eventLoopGroup
    self.logger = logger
    self.boundAddress = eventLoopGroup.any().makePromise(of: SocketAddress.self)
  }

  deinit {
    self.boundAddress.fail(RPCError(code: .unavailable, message: "transport was discarded"))
  }

  /// The address the server is bound to, once `listen` has bound (useful with port 0).
  public var listeningAddress: SocketAddress {
    get async throws {
      try await self.boundAddress.futureResult.get()
    }
  }

  public func listen(
    streamHandler: @escaping @Sendable (
      _ stream: RPCStream<Inbound, Outbound>,
      _ context: ServerContext
    ) async -> Void
  ) async throws {
    let config = self.config
    let logger = self.logger
    let connections = self.connections
    let tls = self.tls

    let bootstrap = ServerBootstrap(group: self.group)
      .serverChannelOption(.backlog, value: 1024)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelOption(.autoRead, value: true)
      .childChannelOption(.writeBufferWaterMark, value: .init(low: 256 * 1024, high: 1024 * 1024))

    let initializer: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
      channel.eventLoop.makeCompletedFuture {
        let (rpcs, continuation) = AsyncStream.makeStream(of: AcceptedRPC.self)
        let handler = ServerConnectionHandler(config: config, rpcs: continuation, logger: logger)
        if let tls {
          try channel.pipeline.syncOperations.addHandler(try tls.makeHandler())
        }
        try channel.pipeline.syncOperations.addHandler(handler)
        connections.add(channel)
        channel.closeFuture.whenComplete { _ in connections.remove(channel) }
        return AcceptedConnection(channel: channel, rpcs: rpcs)
      }
    }

    let listener: NIOAsyncChannel<AcceptedConnection, Never>
    do {
      switch self.address {
      case .host(let host, let port):
        listener = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
      case .unixDomainSocket(let path):
        listener = try await bootstrap.bind(
          unixDomainSocketPath: path,
          cleanupExistingSocketFile: true,
          childChannelInitializer: initializer
        )
      }
    } catch {
      self.boundAddress.fail(error)
      throw RPCError(code: .unavailable, message: "could not listen on \(self.address): \(error)", cause: error)
    }

    let proceed = self.state.withLock { state -> Bool in
      guard case .idle = state else { return false }
      state = .listening(listener.channel)
      return true
    }
    guard proceed else {
      try? await listener.channel.close()
      return
    }
    if let local = listener.channel.localAddress {
      self.boundAddress.succeed(local)
    }
    logger.debug("listening", metadata: ["address": "\(self.address)"])

    try await withThrowingTaskGroup(of: Void.self) { watcher in
      if let tls {
        watcher.addTask { await tls.watchForChanges() }
      }
      try await withTaskCancellationHandler {
        try await listener.executeThenClose { inbound in
          try await withThrowingDiscardingTaskGroup { group in
            for try await connection in inbound {
              group.addTask {
                await Self.serve(connection, streamHandler: streamHandler)
              }
            }
          }
        }
      } onCancel: {
        connections.closeAll()
      }
      watcher.cancelAll()
    }
  }

  /// Runs one connection: every RPC it accepts becomes a child task.
  private static func serve(
    _ connection: AcceptedConnection,
    streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
  ) async {
    let remotePeer = PeerAddress.describe(connection.channel.remoteAddress)
    let localPeer = PeerAddress.describe(connection.channel.localAddress)
    await withTaskCancellationHandler {
      await withDiscardingTaskGroup { group in
        for await rpc in connection.rpcs {
          group.addTask {
            await withServerContextRPCCancellationHandle { handle in
              rpc.cancellation.attach(handle)
              let stream = RPCStream(
                descriptor: rpc.descriptor,
                inbound: RPCAsyncSequence<RPCRequestPart<Bytes>, any Error>(wrapping: CancellationMappedSequence(base: rpc.inbound)),
                outbound: RPCWriter<RPCResponsePart<Bytes>>.Closable(wrapping: rpc.writer)
              )
              var context = ServerContext(
                descriptor: rpc.descriptor,
                remotePeer: remotePeer,
                localPeer: localPeer,
                cancellation: handle
              )
              context.transportSpecific = rpc.streamContext
              await streamHandler(stream, context)
            }
          }
        }
      }
    } onCancel: {
      connection.channel.close(promise: nil)
    }
  }

  /// Reads the TLS certificate, key and client CA files again; new connections use them.
  /// (While listening, changed files are also picked up on their own within a second.)
  public func reloadTLSCertificates() throws(TLSError) {
    try self.tls?.reload()
  }

  /// Stops accepting connections and asks every connection to drain: in-flight RPCs finish, new
  /// streams are refused (GOAWAY), and connections close when their last stream ends.
  public func beginGracefulShutdown() {
    let listener = self.state.withLock { state -> (any Channel)? in
      defer { state = .stopped }
      if case .listening(let channel) = state { return channel }
      return nil
    }
    listener?.close(promise: nil)
    self.connections.quiesceAll()
  }
}

/// A connection accepted by the listener, with the RPCs its handler accepts.
struct AcceptedConnection: Sendable {
  var channel: any Channel
  var rpcs: AsyncStream<AcceptedRPC>
}

/// The open connections of a transport, so that shutdown can reach them.
final class ConnectionRegistry: Sendable {
  private struct State {
    var channels: [ObjectIdentifier: any Channel] = [:]
    var quiescing = false
  }

  private let state = Mutex(State())

  /// Registers an accepted connection. One accepted while shutdown is under way (the listener
  /// was still closing) is asked to drain at once, or it would never be.
  func add(_ channel: any Channel) {
    let quiesce = self.state.withLock { state -> Bool in
      state.channels[ObjectIdentifier(channel)] = channel
      return state.quiescing
    }
    if quiesce {
      channel.eventLoop.execute { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
    }
  }

  func remove(_ channel: any Channel) {
    _ = self.state.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
  }

  var count: Int { self.state.withLock { $0.channels.count } }

  func quiesceAll() {
    let channels = self.state.withLock { state -> [any Channel] in
      state.quiescing = true
      return Array(state.channels.values)
    }
    for channel in channels {
      channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }
  }

  func closeAll() {
    for channel in self.state.withLock({ Array($0.channels.values) }) {
      channel.close(promise: nil)
    }
  }
}
