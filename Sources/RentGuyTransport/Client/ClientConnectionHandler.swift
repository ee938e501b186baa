internal import CNGHTTP2
import GRPCCore
import Logging
import NIOCore

/// One HTTP/2 client connection: an nghttp2 client session inside a SwiftNIO channel handler.
/// Like the server handler, everything runs on the channel's event loop and nghttp2 output is
/// drained once per read burst or tick, never from inside a callback.
final class ClientConnectionHandler: ChannelInboundHandler, OutboxDraining, NGHTTP2Connection {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  /// What the connection tells its owner.
  enum Event {
    /// The server sent GOAWAY: open new RPCs elsewhere.
    case draining
    /// The connection closed.
    case closed
  }

  let config: NGHTTP2ClientTransport.Config
  let authority: String
  let scheme: String
  let logger: Logger
  let onEvent: @Sendable (Event) -> Void

  var session: OpaquePointer?
  var context: ChannelHandlerContext?
  var outbox: ConnectionOutbox<ClientConnectionHandler>?
  var streamsByID: [Int32: ClientStream] = [:]
  var streamsByKey: [Int: ClientStream] = [:]
  var nextKey = 0
  var isReading = false
  var isSending = false
  var flushScheduled = false
  var isLingering = false
  var isDraining = false
  var isClosed = false
  /// Why the connection closed, for RPCs that try to use it afterwards.
  var closeReason: RPCError?
  var keepaliveTimer: Scheduled<Void>?
  var keepaliveTimeoutTimer: Scheduled<Void>?
  var gracefulClose = false

  init(
    config: NGHTTP2ClientTransport.Config,
    authority: String,
    scheme: String,
    logger: Logger,
    onEvent: @escaping @Sendable (Event) -> Void
  ) {
    self.config = config
    self.authority = authority
    self.scheme = scheme
    self.logger = logger
    self.onEvent = onEvent
  }

  // MARK: - Channel events

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    self.outbox = ConnectionOutbox(connection: NIOLoopBound(self, eventLoop: context.eventLoop))
    do {
      self.session = try NGHTTP2Session.makeClient(config: self.config, userData: self)
    } catch {
      self.logger.error("could not create nghttp2 session", metadata: ["error": "\(error)"])
      context.close(promise: nil)
      return
    }
    if context.channel.isActive { self.start() }
  }

  func channelActive(context: ChannelHandlerContext) {
    self.start()
    context.fireChannelActive()
  }

  var started = false

  func start() {
    guard !self.started else { return }
    self.started = true
    self.scheduleKeepalive()
    self.flush()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.tearDown(reason: RPCError(code: .unavailable, message: "connection closed"))
    if let session = self.session {
      nghttp2_session_del(session)
      self.session = nil
    }
    self.context = nil
    // Streams with a complete response still deliver on demand through the outbox; it is let go
    // (breaking the handler ⇄ outbox cycle) once the last of them is done.
    if self.streamsByKey.isEmpty { self.outbox = nil }
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.tearDown(reason: RPCError(code: .unavailable, message: "connection to \(self.authority) closed"))
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    self.receive(self.unwrapInboundIn(data), context: context)
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    self.flush()
    context.fireChannelReadComplete()
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable { self.flush() }
    context.fireChannelWritabilityChanged()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    self.logger.debug("connection error", metadata: ["error": "\(error)"])
    self.tearDown(reason: RPCError(code: .unavailable, message: "connection to \(self.authority) failed: \(error)", cause: error))
    context.close(promise: nil)
  }

  // MARK: - Sending (NGHTTP2Connection)

  var isTornDown: Bool { self.isClosed }

  /// A graceful close whose last stream has ended.
  var closesWhenSent: Bool { self.gracefulClose && self.streamsByKey.isEmpty }

  func afterNGHTTP2Call() {}

  // MARK: - Connection lifecycle

  func receivedGoAway() {
    guard !self.isDraining else { return }
    self.isDraining = true
    self.onEvent(.draining)
  }

  /// Stop opening streams; close once the open ones finish.
  func closeGracefully() {
    self.isDraining = true
    self.gracefulClose = true
    if self.streamsByKey.isEmpty {
      if let session = self.session {
        nghttp2_session_terminate_session(session, NGHTTP2_NO_ERROR.rawValue)
      }
      self.flush()
      self.context?.close(promise: nil)
    }
  }

  func scheduleKeepalive() {
    guard let interval = self.config.connection.keepaliveInterval else { return }
    self.keepaliveTimer?.cancel()
    self.keepaliveTimer = self.schedule(after: interval) { handler in
      guard let session = handler.session else { return }
      _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil)
      handler.keepaliveTimeoutTimer = handler.schedule(after: handler.config.connection.keepaliveTimeout) { handler in
        handler.logger.debug("closing connection: keepalive PING not acknowledged")
        handler.context?.close(promise: nil)
      }
      handler.flush()
    }
  }

  func receivedPingAck() {
    self.keepaliveTimeoutTimer?.cancel()
    self.keepaliveTimeoutTimer = nil
    self.scheduleKeepalive()
  }

  func tearDown(reason: RPCError) {
    guard !self.isClosed else { return }
    self.isClosed = true
    self.closeReason = reason
    self.keepaliveTimer?.cancel()
    self.keepaliveTimeoutTimer?.cancel()
    self.streamsByID.removeAll()
    for stream in self.streamsByKey.values {
      if stream.phase == .receiving && stream.pendingStatus != nil {
        // The response is complete; the caller is behind. Its messages are still delivered.
        continue
      }
      // A request whose HEADERS never left never reached the server.
      stream.fail(stream.requestSent ? reason : NotProcessedByServer.error(reason.message))
      self.streamsByKey.removeValue(forKey: stream.key)
    }
    self.onEvent(.closed)
  }
}
