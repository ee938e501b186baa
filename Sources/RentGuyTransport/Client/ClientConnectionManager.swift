import GRPCCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One connection of the client transport, as RPCs see it.
struct ClientConnection: Sendable {
  let id: Int
  let channel: any Channel
  let handler: NIOLoopBound<ClientConnectionHandler>
  let remotePeer: String
  let localPeer: String
}

/// Owns the client transport's connections: connects lazily, backs off after failures, replaces
/// a connection that received GOAWAY or closed, and drains everything on shutdown.
final class ClientConnectionManager: Sendable {
  private enum State {
    /// No usable connection. After a failure, `retryAt` says when the next attempt may start.
    case idle(lastError: RPCError?, retryAt: ContinuousClock.Instant?)
    case connecting(EventLoopFuture<ClientConnection>)
    case ready(ClientConnection)
    case shutdown
  }

  private struct Shared {
    var state = State.idle(lastError: nil, retryAt: nil)
    var backoff: ConnectionBackoff
    var nextID = 0
    /// Every open connection, including draining ones, until it closes.
    var open: [Int: ClientConnection] = [:]
    var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    var isShutdown = false
  }

  private let target: NGHTTP2ClientTransport.Target
  private let security: ClientSecurity
  private let tls: ClientTLSContext?
  private let config: NGHTTP2ClientTransport.Config
  private let group: any EventLoopGroup
  private let logger: Logger
  private let shared: Mutex<Shared>

  init(
    target: NGHTTP2ClientTransport.Target,
    security: ClientSecurity,
    config: NGHTTP2ClientTransport.Config,
    group: any EventLoopGroup,
    logger: Logger
  ) throws {
    self.target = target
    self.security = security
    self.config = config
    self.group = group
    self.logger = logger
    switch security {
    case .plaintext: self.tls = nil
    case .tls(let tlsConfig): self.tls = try ClientTLSContext(config: tlsConfig)
    }
    let backoff = ConnectionBackoff(
      initial: config.connection.backoffInitial,
      multiplier: config.connection.backoffMultiplier,
      jitter: config.connection.backoffJitter,
      maximum: config.connection.backoffMax
    )
    self.shared = Mutex(Shared(backoff: backoff))
  }

  private enum Action {
    case use(ClientConnection)
    case wait(EventLoopFuture<ClientConnection>)
    case connect(EventLoopPromise<ClientConnection>, id: Int)
    case retryAt(ContinuousClock.Instant, lastError: RPCError?)
    case fail(RPCError)
  }

  /// A connection for a new RPC. Without `waitForReady`, fails fast with UNAVAILABLE while the
  /// transport is backing off after a failed attempt; with it, waits and retries.
  func connection(waitForReady: Bool) async throws -> ClientConnection {
    while true {
      let action = self.shared.withLock { shared -> Action in
        switch shared.state {
        case .shutdown:
          return .fail(RPCError(code: .unavailable, message: "the client transport is shut down"))
        case .ready(let connection):
          return .use(connection)
        case .connecting(let future):
          return .wait(future)
        case .idle(let lastError, let retryAt):
          if let retryAt, retryAt > .now {
            return .retryAt(retryAt, lastError: lastError)
          }
          let promise = self.group.any().makePromise(of: ClientConnection.self)
          shared.state = .connecting(promise.futureResult)
          let id = shared.nextID
          shared.nextID += 1
          return .connect(promise, id: id)
        }
      }

      switch action {
      case .use(let connection):
        return connection
      case .fail(let error):
        throw error
      case .wait(let future):
        do {
          return try await self.value(of: future)
        } catch {
          if !waitForReady || Task.isCancelled { throw Self.unavailable(error) }
        }
      case .connect(let promise, let id):
        self.startConnecting(id: id, promise: promise)
        do {
          return try await self.value(of: promise.futureResult)
        } catch {
          if !waitForReady || Task.isCancelled { throw Self.unavailable(error) }
        }
      case .retryAt(let instant, let lastError):
        guard waitForReady else {
          throw RPCError(
            code: .unavailable,
            message: "not connected to \(self.target): \(lastError?.message ?? "connection failed"); next attempt in \(ContinuousClock.now.duration(to: instant))"
          )
        }
        do {
          try await Task.sleep(until: instant)
        } catch {
          throw Self.cancelledWhileWaiting(for: self.target)
        }
      }
    }
  }

  /// The connection attempt's outcome; an RPC cancelled meanwhile (its deadline passed, its task
  /// was cancelled) stops waiting at once while the attempt goes on for later RPCs.
  private func value(of future: EventLoopFuture<ClientConnection>) async throws -> ClientConnection {
    let target = self.target
    return try await future.value(orThrowOnCancel: { Self.cancelledWhileWaiting(for: target) })
  }

  private static func cancelledWhileWaiting(for target: NGHTTP2ClientTransport.Target) -> RPCError {
    RPCError(code: .cancelled, message: "RPC cancelled while waiting for a connection to \(target)")
  }

  /// Opens a stream for an RPC on the current connection. A connection that began closing after
  /// it was picked (a GOAWAY on its way) is passed over for the next one, a few times at most.
  func openAttempt(descriptor: MethodDescriptor, options: CallOptions) async throws -> ClientAttempt {
    var attempts = 0
    while true {
      attempts += 1
      let connection = try await self.connection(waitForReady: options.waitForReady ?? false)
      let handler = connection.handler
      do {
        let (inbound, writer) = try await connection.channel.eventLoop.submit {
          try handler.value.makeStream(descriptor: descriptor, options: options)
        }.get()
        return ClientAttempt(inbound: inbound, writer: writer, connection: connection)
      } catch where attempts < 3 && NotProcessedByServer.caused(error) {
        continue
      }
    }
  }

  private static func unavailable(_ error: any Error) -> RPCError {
    if let error = error as? RPCError { return error }
    return RPCError(code: .unavailable, message: "could not connect: \(error)", cause: error)
  }

  private func startConnecting(id: Int, promise: EventLoopPromise<ClientConnection>) {
    let config = self.config
    let logger = self.logger
    let tls = self.tls
    let authority = self.target.authority
    let serverName: String? =
      switch self.target {
      case .host(let host, _): host
      case .unixDomainSocket: nil
      }
    let onEvent: @Sendable (ClientConnectionHandler.Event) -> Void = { [weak self] event in
      self?.connectionEvent(id: id, event)
    }
    let bootstrap = ClientBootstrap(group: self.group)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelOption(.writeBufferWaterMark, value: .init(low: 256 * 1024, high: 1024 * 1024))
      .connectTimeout(TimeAmount(config.connection.connectTimeout))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let sync = channel.pipeline.syncOperations
          if let tls {
            // The connect timeout covers the TLS handshake too: a server that accepts TCP and
            // never answers must not hold the RPCs waiting for this connection.
            try sync.addHandler(try tls.makeHandler(serverName: serverName, handshakeTimeout: config.connection.connectTimeout))
          }
          try sync.addHandler(
            ClientConnectionHandler(
              config: config,
              authority: authority,
              scheme: tls == nil ? "http" : "https",
              logger: logger,
              onEvent: onEvent
            )
          )
        }
      }

    let connected: EventLoopFuture<any Channel>
    switch self.target {
    case .host(let host, let port):
      connected = bootstrap.connect(host: host, port: port)
    case .unixDomainSocket(let path):
      connected = bootstrap.connect(unixDomainSocketPath: path)
    }

    connected.flatMap { channel -> EventLoopFuture<ClientConnection> in
      // With TLS, the connection is ready once the handshake (and ALPN h2) succeeded.
      let ready: EventLoopFuture<Void> =
        (try? channel.pipeline.syncOperations.handler(type: OpenSSLHandler.self).handshakeCompleted)
        ?? channel.eventLoop.makeSucceededVoidFuture()
      return ready.flatMapThrowing {
        let handler = try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self)
        return ClientConnection(
          id: id,
          channel: channel,
          handler: NIOLoopBound(handler, eventLoop: channel.eventLoop),
          remotePeer: PeerAddress.describe(channel.remoteAddress),
          localPeer: PeerAddress.describe(channel.localAddress)
        )
      }.flatMapErrorThrowing { error in
        channel.close(promise: nil)
        throw error
      }
    }.whenComplete { result in
      switch result {
      case .success(let connection):
        let closeNow = self.shared.withLock { shared -> Bool in
          shared.open[id] = connection
          guard case .connecting = shared.state else { return true }
          shared.state = .ready(connection)
          shared.backoff.reset()
          return false
        }
        if closeNow {
          connection.channel.eventLoop.execute { connection.handler.value.closeGracefully() }
        }
        connection.channel.closeFuture.whenComplete { _ in self.connectionClosed(id: id) }
        promise.succeed(connection)
      case .failure(let error):
        let rpcError = RPCError(code: .unavailable, message: "could not connect to \(self.target): \(error)", cause: error)
        self.shared.withLock { shared in
          guard case .connecting = shared.state else { return }
          let delay = shared.backoff.next()
          shared.state = .idle(lastError: rpcError, retryAt: .now + delay)
        }
        logger.debug("connect failed", metadata: ["target": "\(self.target)", "error": "\(error)"])
        promise.fail(rpcError)
      }
    }
  }

  private func connectionEvent(id: Int, _ event: ClientConnectionHandler.Event) {
    self.shared.withLock { shared in
      if case .ready(let current) = shared.state, current.id == id {
        shared.state = .idle(lastError: nil, retryAt: nil)
      }
    }
  }

  private func connectionClosed(id: Int) {
    let waiters = self.shared.withLock { shared -> [CheckedContinuation<Void, Never>] in
      shared.open.removeValue(forKey: id)
      if case .ready(let current) = shared.state, current.id == id {
        shared.state = .idle(lastError: nil, retryAt: nil)
      }
      guard shared.isShutdown, shared.open.isEmpty else { return [] }
      defer { shared.shutdownWaiters.removeAll() }
      return shared.shutdownWaiters
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Suspends until `shutdown()` has been called and every connection has closed.
  func runUntilShutdown() async {
    await withCheckedContinuation { continuation in
      let resumeNow = self.shared.withLock { shared -> Bool in
        if shared.isShutdown && shared.open.isEmpty { return true }
        shared.shutdownWaiters.append(continuation)
        return false
      }
      if resumeNow { continuation.resume() }
    }
  }

  func shutdown() {
    let (connections, waiters) = self.shared.withLock { shared -> ([ClientConnection], [CheckedContinuation<Void, Never>]) in
      shared.state = .shutdown
      shared.isShutdown = true
      if shared.open.isEmpty {
        defer { shared.shutdownWaiters.removeAll() }
        return ([], shared.shutdownWaiters)
      }
      return (Array(shared.open.values), [])
    }
    for connection in connections {
      connection.channel.eventLoop.execute { connection.handler.value.closeGracefully() }
    }
    for waiter in waiters { waiter.resume() }
  }

  func closeAll() {
    let connections = self.shared.withLock { shared -> [ClientConnection] in
      shared.state = .shutdown
      shared.isShutdown = true
      return Array(shared.open.values)
    }
    for connection in connections { connection.channel.close(promise: nil) }
    self.connectionClosed(id: -1)
  }
}
