internal import CNGHTTP2
import GRPCCore
import Logging
import NIOCore

/// One HTTP/2 server connection: an nghttp2 session inside a SwiftNIO channel handler.
///
/// Everything here runs on the channel's event loop. Bytes read from the socket are fed to
/// `nghttp2_session_mem_recv`, whose callbacks (in `ServerConnectionHandler+Callbacks.swift`)
/// update the streams; bytes nghttp2 wants to send are drained with `nghttp2_session_mem_send`
/// once per read burst or event-loop tick, never from inside a callback.
final class ServerConnectionHandler: ChannelInboundHandler, OutboxDraining {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private enum Lifecycle {
    case active
    /// Shutdown notice sent; waiting for the final GOAWAY.
    case draining
    /// Final GOAWAY sent; closing once the remaining streams end.
    case closing
    case closed
  }

  let config: NGHTTP2ServerTransport.Config
  let logger: Logger
  private let rpcs: AsyncStream<AcceptedRPC>.Continuation

  var session: OpaquePointer?
  private var context: ChannelHandlerContext?
  private var outbox: ConnectionOutbox<ServerConnectionHandler>?
  var streams: [Int32: ServerStream] = [:]
  private var lifecycle = Lifecycle.active

  /// Inside `channelRead`: sending waits for `channelReadComplete`.
  private var isReading = false
  /// Inside `flush`: guards against re-entrant `mem_send`.
  private var isSending = false
  private var flushScheduled = false
  /// Cancellations found inside nghttp2 callbacks, run after `mem_recv` returns.
  var deferredCancellations: [StreamCancellation] = []

  var prefaceReceived = false
  private var handshakeTimer: Scheduled<Void>?
  private var idleTimer: Scheduled<Void>?
  private var keepaliveTimer: Scheduled<Void>?
  private var keepaliveTimeoutTimer: Scheduled<Void>?
  private var shutdownTimer: Scheduled<Void>?
  private var graceTimer: Scheduled<Void>?

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

  private func start(context: ChannelHandlerContext) {
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

  /// Sends whatever nghttp2 has queued: one coalesced write per call.
  func flush() {
    guard let session = self.session, let context = self.context, !self.isSending,
      self.lifecycle != .closed
    else { return }
    self.isSending = true
    defer { self.isSending = false }

    guard NGHTTP2Session.drainOutput(session, to: context) else {
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

  private func runDeferredCancellations() {
    guard !self.deferredCancellations.isEmpty else { return }
    let cancellations = self.deferredCancellations
    self.deferredCancellations.removeAll()
    for cancellation in cancellations { cancellation.cancel() }
  }

  // MARK: - Accepting RPCs

  /// Called once a stream's request header block is complete.
  func requestHeadersComplete(_ stream: ServerStream) {
    guard stream.phase == .receivingHeaders, let session = self.session, let outbox = self.outbox else { return }
    switch stream.head.verdict(gzipEnabled: self.config.compression.gzipEnabled) {
    case .reject(let headers):
      stream.phase = .rejected
      stream.inboundClosed = true
      stream.statusQueued = true
      stream.headersSubmitted = true
      _ = headers.withNameValuePairs { nghttp2_submit_response(session, stream.id, $0, $1, nil) }

    case .accept(let accepted):
      let context = self.context
      let allocator = context?.channel.allocator ?? ByteBufferAllocator()
      stream.phase = .active
      stream.deframer = GRPCMessageDeframer(
        maxMessageSize: self.config.limits.maxReceiveMessageSize,
        gzipEnabled: accepted.requestGzip,
        allocator: allocator
      )
      let inbound = InboundParts(
        lowWatermark: self.config.buffers.inboundMessagesLowWatermark,
        highWatermark: self.config.buffers.inboundMessagesHighWatermark,
        relay: InboundDemandRelay(streamKey: Int(stream.id), outbox: outbox)
      )
      stream.inbound = inbound
      _ = inbound.yield(.metadata(accepted.metadata))

      let streamContext = HTTP2ServerStreamContext(
        compressResponses: self.config.compression.compressResponsesByDefault,
        clientAcceptsCompression: accepted.acceptsGzip
      )
      let flow = OutboundFlowControl(
        highWatermark: self.config.buffers.outboundBytesHighWatermark,
        lowWatermark: self.config.buffers.outboundBytesLowWatermark
      )
      let cancellation = StreamCancellation()
      stream.streamContext = streamContext
      stream.flow = flow
      stream.cancellation = cancellation

      if let timeout = accepted.timeout {
        let streamID = stream.id
        stream.deadline = .now() + TimeAmount(timeout)
        stream.deadlineTimer = self.schedule(after: timeout) { handler in
          handler.deadlineExpired(streamID: streamID, timeout: timeout)
        }
      }

      let writer = ServerStreamWriter(
        streamID: stream.id,
        outbox: outbox,
        flow: flow,
        streamContext: streamContext,
        allocator: allocator
      )
      self.rpcs.yield(
        AcceptedRPC(
          descriptor: accepted.descriptor,
          inbound: inbound,
          writer: writer,
          cancellation: cancellation,
          streamContext: streamContext
        )
      )
    }
  }

  // MARK: - Inbound data

  /// Called for every DATA chunk of a stream.
  func receivedData(_ bytes: UnsafeRawBufferPointer, streamID: Int32) {
    guard let session = self.session else { return }
    // The connection window is always replenished: one slow stream must not stall the others.
    nghttp2_session_consume_connection(session, bytes.count)

    guard let stream = self.streams[streamID], stream.phase == .active, !stream.inboundClosed,
      let source = stream.inbound
    else {
      nghttp2_session_consume_stream(session, streamID, bytes.count)
      return
    }
    stream.deframer.append(bytes)
    stream.unconsumedBytes += bytes.count
    self.deliverMessages(stream, source: source)
  }

  private func deliverMessages(_ stream: ServerStream, source: InboundParts) {
    do {
      while let message = try stream.deframer.next() {
        stream.streamContext?.recordRequest(compressed: message.wasCompressed)
        switch source.yield(.message(HTTP2MessageBytes(message.bytes))) {
        case .produceMore:
          break
        case .stopProducing:
          stream.inboundPaused = true
        case .dropped:
          stream.inboundClosed = true
        }
      }
    } catch {
      self.failInbound(stream, error: error.rpcError)
    }
    self.releaseWindowIfPossible(stream)
  }

  /// Gives the peer more stream window for the bytes received, unless the handler is behind.
  private func releaseWindowIfPossible(_ stream: ServerStream) {
    guard let session = self.session, stream.unconsumedBytes > 0 else { return }
    guard !stream.inboundPaused || stream.inboundClosed else { return }
    nghttp2_session_consume_stream(session, stream.id, stream.unconsumedBytes)
    stream.unconsumedBytes = 0
  }

  /// Ends the handler's inbound sequence with `error`; the handler's status ends the stream.
  private func failInbound(_ stream: ServerStream, error: RPCError) {
    guard !stream.inboundClosed else { return }
    stream.inboundClosed = true
    stream.inbound?.finish(error)
  }

  /// The client half-closed the stream.
  func receivedEndOfStream(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.inboundEnded = true
    guard stream.phase == .active, !stream.inboundClosed else { return }
    if stream.deframer.hasPartialMessage {
      self.failInbound(
        stream,
        error: RPCError(
          code: .internalError,
          message: "stream ended inside a message (\(stream.deframer.bufferedBytes) bytes of a length-prefixed message)"
        )
      )
    } else {
      stream.inboundClosed = true
      stream.inbound?.finish()
    }
  }

  // MARK: - Work from handler tasks

  static func demandItem(streamKey: Int) -> ServerOutboxItem { .inboundDemand(Int32(truncatingIfNeeded: streamKey)) }
  static func terminatedItem(streamKey: Int) -> ServerOutboxItem { .inboundTerminated(Int32(truncatingIfNeeded: streamKey)) }

  /// Applies everything handler tasks queued since the last drain, then sends once.
  func drainOutbox() {
    guard let outbox = self.outbox else { return }
    for item in outbox.take() {
      switch item {
      case .part(let streamID, let part): self.enqueue(part, streamID: streamID)
      case .writerFinished(let streamID): self.writerFinished(streamID: streamID)
      case .inboundDemand(let streamID): self.inboundDemand(streamID: streamID)
      case .inboundTerminated(let streamID): self.inboundTerminated(streamID: streamID)
      }
    }
    self.flush()
  }

  /// The handler wants more messages.
  private func inboundDemand(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.inboundPaused = false
    self.releaseWindowIfPossible(stream)
  }

  /// The handler dropped its inbound sequence.
  private func inboundTerminated(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.inboundClosed = true
    stream.inbound = nil
    self.releaseWindowIfPossible(stream)
  }

  // MARK: - Outbound data

  /// Queues one part written by a handler (sent by the caller's flush).
  private func enqueue(_ part: OutboundPart, streamID: Int32) {
    guard let session = self.session, let stream = self.streams[streamID], !stream.statusQueued else {
      return
    }
    switch part {
    case .headers(let headers):
      guard !stream.headersSubmitted else { return }
      self.submitResponse(headers, for: stream, session: session)

    case .message(let bytes):
      if !stream.headersSubmitted {
        self.submitResponse(ResponseHeaders.initial(metadata: [:], gzip: false), for: stream, session: session)
      }
      stream.outboundQueue.append(bytes)
      self.resumeIfDeferred(stream, session: session)

    case .status(var status, let metadata):
      stream.statusQueued = true
      if status.code != .ok, let deadline = stream.deadline, NIODeadline.now() >= deadline {
        // The handler failed because its deadline passed (it saw the cancellation first).
        status = Status(code: .deadlineExceeded, message: "deadline exceeded")
      }
      if stream.headersSubmitted {
        stream.pendingTrailers = ResponseHeaders.trailers(status: status, metadata: metadata)
        self.resumeIfDeferred(stream, session: session)
      } else {
        // Trailers-Only: one HEADERS frame with END_STREAM.
        stream.headersSubmitted = true
        let headers = ResponseHeaders.trailersOnly(
          code: status.code.rawValue,
          message: status.message,
          metadata: metadata
        )
        _ = headers.withNameValuePairs { nghttp2_submit_response(session, stream.id, $0, $1, nil) }
      }
    }
  }

  private func submitResponse(_ headers: HeaderList, for stream: ServerStream, session: OpaquePointer) {
    stream.headersSubmitted = true
    var provider = nghttp2_data_provider()
    provider.read_callback = serverDataSourceRead
    let result = headers.withNameValuePairs { nghttp2_submit_response(session, stream.id, $0, $1, &provider) }
    if result != 0 {
      self.logger.debug("submit_response failed", metadata: ["stream": "\(stream.id)", "code": "\(result)"])
    }
  }

  private func resumeIfDeferred(_ stream: ServerStream, session: OpaquePointer) {
    guard stream.dataDeferred else { return }
    stream.dataDeferred = false
    // The stream may have been reset since it deferred; nghttp2 checks and returns an error.
    _ = nghttp2_session_resume_data(session, stream.id)
  }

  /// The handler finished writing. Without a status the stream is reset.
  private func writerFinished(streamID: Int32) {
    guard let session = self.session, let stream = self.streams[streamID] else { return }
    if !stream.statusQueued {
      stream.statusQueued = true
      nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, NGHTTP2_INTERNAL_ERROR.rawValue)
    }
  }

  /// The RPC's `grpc-timeout` passed: end it with DEADLINE_EXCEEDED whatever the handler does.
  /// The handler sees the cancellation; its later writes fail.
  private func deadlineExpired(streamID: Int32, timeout: Duration) {
    guard let stream = self.streams[streamID], stream.phase == .active, !stream.statusQueued else { return }
    let error = RPCError(code: .deadlineExceeded, message: "deadline exceeded (grpc-timeout \(timeout))")
    self.enqueue(.status(Status(code: .deadlineExceeded, message: error.message), [:]), streamID: streamID)
    stream.cancellation?.cancel()
    stream.flow?.fail(error)
    self.failInbound(stream, error: error)
    self.flush()
  }

  // MARK: - Lifecycle

  func streamOpened(_ stream: ServerStream) {
    self.streams[stream.id] = stream
    self.idleTimer?.cancel()
    self.idleTimer = nil
  }

  func streamClosed(streamID: Int32, errorCode: UInt32) {
    guard let stream = self.streams.removeValue(forKey: streamID) else { return }
    stream.deadlineTimer?.cancel()
    if stream.phase == .active {
      if stream.responseComplete {
        // Finished normally; the client may not have half-closed (we reset it after trailers).
        if !stream.inboundClosed {
          stream.inboundClosed = true
          stream.inbound?.finish()
        }
        stream.flow?.fail(RPCError(code: .cancelled, message: "stream already closed"))
      } else {
        let reason = RPCError(code: .cancelled, message: "stream reset by client (HTTP/2 error code \(errorCode))")
        if let cancellation = stream.cancellation {
          self.deferredCancellations.append(cancellation)
        }
        stream.flow?.fail(reason)
        if !stream.inboundClosed {
          stream.inboundClosed = true
          stream.inbound?.finish(reason)
        }
      }
    }
    if self.streams.isEmpty {
      self.startIdleTimer()
      if self.lifecycle == .closing {
        self.scheduleFlush()
      }
    }
  }

  private func startIdleTimer() {
    guard let maxIdle = self.config.connection.maxIdleTime, self.lifecycle == .active else { return }
    self.idleTimer?.cancel()
    self.idleTimer = self.schedule(after: maxIdle) { handler in
      guard handler.streams.isEmpty else { return }
      handler.logger.debug("closing idle connection")
      handler.sendFinalGoAway()
    }
  }

  private func scheduleKeepalive() {
    guard let interval = self.config.connection.keepaliveInterval else { return }
    self.keepaliveTimer?.cancel()
    self.keepaliveTimer = self.schedule(after: interval) { handler in
      handler.sendKeepalivePing()
    }
  }

  private func sendKeepalivePing() {
    guard let session = self.session, self.lifecycle != .closed else { return }
    var payload = UInt64(0).bigEndian
    withUnsafeBytes(of: &payload) { bytes in
      _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
    }
    self.keepaliveTimeoutTimer = self.schedule(after: self.config.connection.keepaliveTimeout) { handler in
      handler.logger.debug("closing connection: keepalive PING not acknowledged")
      handler.context?.close(promise: nil)
    }
    self.flush()
  }

  /// Called when the peer acknowledges one of our PINGs.
  func receivedPingAck(payload: UInt64) {
    if payload == Self.shutdownPingPayload {
      if self.lifecycle == .draining { self.sendFinalGoAway() }
      return
    }
    self.keepaliveTimeoutTimer?.cancel()
    self.keepaliveTimeoutTimer = nil
    self.scheduleKeepalive()
  }

  /// Graceful shutdown: announce it, let in-flight RPCs finish, refuse new ones, then close.
  func beginGracefulShutdown() {
    guard let session = self.session, self.lifecycle == .active else { return }
    self.lifecycle = .draining
    self.idleTimer?.cancel()
    // GOAWAY(2^31-1) first, then a PING: when it comes back the client has seen the notice and
    // the final GOAWAY can name the last stream this server will process.
    nghttp2_submit_shutdown_notice(session)
    var payload = Self.shutdownPingPayload.bigEndian
    withUnsafeBytes(of: &payload) { bytes in
      _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
    }
    self.shutdownTimer = self.schedule(after: .seconds(1)) { handler in
      if handler.lifecycle == .draining { handler.sendFinalGoAway() }
    }
    self.graceTimer = self.schedule(after: self.config.connection.shutdownGracePeriod) { handler in
      handler.cancelAllStreams()
    }
    self.flush()
  }

  private func sendFinalGoAway() {
    guard let session = self.session, self.lifecycle == .active || self.lifecycle == .draining else { return }
    self.lifecycle = .closing
    let lastStreamID = nghttp2_session_get_last_proc_stream_id(session)
    nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStreamID, NGHTTP2_NO_ERROR.rawValue, nil, 0)
    self.flush()
  }

  private func cancelAllStreams() {
    guard let session = self.session else { return }
    for id in self.streams.keys {
      nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_CANCEL.rawValue)
    }
    self.lifecycle = .closing
    self.flush()
    self.context?.close(promise: nil)
  }

  private func tearDown() {
    guard self.lifecycle != .closed else { return }
    self.lifecycle = .closed
    for timer in [self.handshakeTimer, self.idleTimer, self.keepaliveTimer, self.keepaliveTimeoutTimer, self.shutdownTimer, self.graceTimer] {
      timer?.cancel()
    }
    let reason = RPCError(code: .unavailable, message: "connection closed")
    for stream in self.streams.values where stream.phase == .active && !stream.responseComplete {
      stream.abort(reason: reason)
    }
    self.streams.removeAll()
    self.rpcs.finish()
  }

  private func schedule(after delay: Duration, _ body: @escaping (ServerConnectionHandler) -> Void) -> Scheduled<Void>? {
    guard let context = self.context else { return nil }
    return context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
      body(self)
    }
  }
}
