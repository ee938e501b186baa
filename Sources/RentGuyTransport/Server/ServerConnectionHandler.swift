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
final class ServerConnectionHandler: ChannelInboundHandler, OutboxDraining {
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

  /// Inside `channelRead`: sending waits for `channelReadComplete`.
  var isReading = false
  /// Inside `flush`: guards against re-entrant `mem_send`.
  var isSending = false
  var flushScheduled = false
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
    guard let session = self.session, self.lifecycle != .closed else { return }
    let buffer = self.unwrapInboundIn(data)
    self.isReading = true
    let result = buffer.withUnsafeReadableBytes { bytes -> Int in
      guard let base = bytes.baseAddress else { return 0 }
      return nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }
    self.isReading = false
    self.runDeferredCancellations()
    if result < 0 {
      // Protocol errors (bad preface, floods, CONTINUATION limits): nghttp2 has queued a GOAWAY
      // where it can. Send it, then close.
      let message = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: result)))
      self.logger.debug("closing connection after HTTP/2 error", metadata: ["error": "\(message)"])
      self.flush()
      context.close(promise: nil)
    }
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

  // MARK: - Sending

  /// Sends whatever nghttp2 has queued: one coalesced write per call. Never called from inside an
  /// nghttp2 callback (those use ``scheduleFlush()``).
  func flush() {
    assert(!self.isReading, "nghttp2_session_mem_send called from inside an nghttp2 callback")
    guard let session = self.session, let context = self.context, !self.isSending,
      self.lifecycle != .closed
    else { return }
    self.isSending = true
    let sent = NGHTTP2Session.drainOutput(session, to: context)
    self.isSending = false
    // Streams closed while sending (our own resets) cancel their handlers now.
    self.runDeferredCancellations()

    guard sent else {
      self.logger.debug("nghttp2 send failed; closing the connection")
      context.close(promise: nil)
      return
    }

    if nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0 {
      context.close(promise: nil)
    } else if self.lifecycle == .closing && self.streams.isEmpty {
      context.close(promise: nil)
    }
  }

  /// Sends on the next event-loop tick (coalescing all work queued in this one).
  func scheduleFlush() {
    guard !self.isReading, !self.flushScheduled, let context = self.context else { return }
    self.flushScheduled = true
    context.eventLoop.assumeIsolated().execute {
      self.flushScheduled = false
      self.flush()
    }
  }

  func runDeferredCancellations() {
    guard !self.deferredCancellations.isEmpty else { return }
    let cancellations = self.deferredCancellations
    self.deferredCancellations.removeAll()
    for cancellation in cancellations { cancellation.cancel() }
  }
}
