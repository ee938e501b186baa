internal import CNGHTTP2
import GRPCCore
import Logging
import NIOCore

/// One HTTP/2 server connection: an nghttp2 session inside a SwiftNIO channel handler.
///
/// Everything here runs on the channel's event loop. Bytes read from the socket are fed to
/// `nghttp2_session_mem_recv`, whose callbacks (in `NGHTTP2Session.swift`)
/// update the streams; bytes nghttp2 wants to send are drained with `nghttp2_session_mem_send`
/// once per read burst or event-loop tick, never from inside a callback.
final class ServerConnectionHandler: ChannelInboundHandler, OutboxDraining, NGHTTP2Connection {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  enum Lifecycle {
    case active
    /// Shutdown notice sent; waiting for the final GOAWAY.
    case draining
    /// Final GOAWAY sent; closing once the remaining streams end.
    case closing
    case closed
  }

  let config: NGHTTP2ServerTransport.Config
  let logger: Logger
  let rpcs: AsyncStream<AcceptedRPC>.Continuation

  var session: OpaquePointer?
  var context: ChannelHandlerContext?
  var outbox: ConnectionOutbox<ServerConnectionHandler>?
  var streams: [Int32: ServerStream] = [:]
  var lifecycle = Lifecycle.active

  var isReading = false
  var isSending = false
  var flushScheduled = false
  var isLingering = false
  /// Cancellations found inside nghttp2 callbacks, run after `mem_recv` or `mem_send` returns.
  var deferredCancellations: [StreamCancellation] = []

  var prefaceReceived = false
  var handshakeTimer: Scheduled<Void>?
  var idleTimer: Scheduled<Void>?
  var keepaliveTimer: Scheduled<Void>?
  var keepaliveTimeoutTimer: Scheduled<Void>?
  var shutdownTimer: Scheduled<Void>?
  var graceTimer: Scheduled<Void>?

  static let shutdownPingPayload: UInt64 = 0x5348_5554_444F_574E  // "SHUTDOWN"

  init(
    config: NGHTTP2ServerTransport.Config,
    rpcs: AsyncStream<AcceptedRPC>.Continuation,
    logger: Logger
  ) {
    self.config = config
    self.rpcs = rpcs
    self.logger = logger
  }

  // MARK: - Channel events

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    self.outbox = ConnectionOutbox(connection: NIOLoopBound(self, eventLoop: context.eventLoop))
    do {
      self.session = try NGHTTP2Session.makeServer(config: self.config, userData: self)
    } catch {
      self.logger.error("could not create nghttp2 session", metadata: ["error": "\(error)"])
      context.close(promise: nil)
      return
    }
    if context.channel.isActive {
      self.start(context: context)
    }
  }

  func channelActive(context: ChannelHandlerContext) {
    self.start(context: context)
    context.fireChannelActive()
  }

  func start(context: ChannelHandlerContext) {
    guard self.handshakeTimer == nil else { return }
    self.handshakeTimer = self.schedule(after: self.config.connection.handshakeTimeout) { handler in
      if !handler.prefaceReceived {
        handler.logger.debug("closing connection: no HTTP/2 preface in time")
        handler.context?.close(promise: nil)
      }
    }
    self.startIdleTimer()
    self.scheduleKeepalive()
    self.flush()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.tearDown()
    if let session = self.session {
      nghttp2_session_del(session)
      self.session = nil
    }
    self.context = nil
    self.outbox = nil
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.tearDown()
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
    if context.channel.isWritable {
      self.flush()
    }
    context.fireChannelWritabilityChanged()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    self.logger.debug("connection error", metadata: ["error": "\(error)"])
    context.close(promise: nil)
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if event is ChannelShouldQuiesceEvent {
      self.beginGracefulShutdown()
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  // MARK: - Sending (NGHTTP2Connection)

  var isTornDown: Bool { self.lifecycle == .closed }

  /// A drained shutdown: the final GOAWAY is out and no stream is left.
  var closesWhenSent: Bool { self.lifecycle == .closing && self.streams.isEmpty }

  /// Streams nghttp2 closed inside a read or a send (our own resets included) cancel their
  /// handlers now, outside the callbacks.
  func afterNGHTTP2Call() {
    self.runDeferredCancellations()
  }

  func runDeferredCancellations() {
    guard !self.deferredCancellations.isEmpty else { return }
    let cancellations = self.deferredCancellations
    self.deferredCancellations.removeAll()
    for cancellation in cancellations { cancellation.cancel() }
  }
}
