internal import CNGHTTP2
import GRPCCore
import Logging
import NIOCore

/// Streams: accepting RPCs, request data, and the work handler tasks queue in the outbox.
extension ServerConnectionHandler {
  // MARK: - Accepting RPCs

  /// Called once a stream's request header block is complete, or as soon as it is over the size
  /// limit (then it is refused with 431 while nghttp2 decodes the rest without us).
  func requestHeadersComplete(_ stream: ServerStream) {
    guard stream.phase == .receivingHeaders, let session = self.session, let outbox = self.outbox else { return }
    switch stream.head.verdict(gzipEnabled: self.config.compression.gzipEnabled) {
    case .reject(let headers):
      stream.phase = .rejected
      stream.receiving.isClosed = true
      stream.statusQueued = true
      stream.headersSubmitted = true
      _ = headers.withNameValuePairs { nghttp2_submit_response(session, stream.id, $0, $1, nil) }

    case .accept(let accepted):
      let context = self.context
      let allocator = context?.channel.allocator ?? ByteBufferAllocator()
      stream.phase = .active
      stream.receiving.use(
        GRPCMessageDeframer(
          maxMessageSize: self.config.limits.maxReceiveMessageSize,
          gzipEnabled: accepted.requestGzip,
          allocator: allocator
        )
      )
      let inbound = InboundParts(
        watermarks: self.config.buffers.inboundWatermarks,
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

    guard let stream = self.streams[streamID], stream.phase == .active, stream.receiving.append(bytes) else {
      nghttp2_session_consume_stream(session, streamID, bytes.count)
      return
    }
    self.deliverMessages(stream)
  }

  /// Hands the handler the messages it has room for, then releases the window they took.
  func deliverMessages(_ stream: ServerStream) {
    guard stream.phase == .active, let source = stream.inbound else { return }
    let context = stream.streamContext
    let outcome = stream.receiving.deliver { message in
      context?.recordRequest(compressed: message.wasCompressed)
      return source.yield(.message(HTTP2MessageBytes(message.bytes)), bytes: message.bytes.readableBytes)
    }
    switch outcome {
    case .waiting: break
    case .drained: source.finish()
    case .failed(let error): source.finish(error)
    }
    self.releaseWindowIfPossible(stream)
  }

  /// Gives the peer more stream window for the bytes received, unless the handler is behind.
  func releaseWindowIfPossible(_ stream: ServerStream) {
    guard let session = self.session else { return }
    let bytes = stream.receiving.takeReleasableBytes()
    if bytes > 0 {
      nghttp2_session_consume_stream(session, stream.id, bytes)
    }
  }

  /// The client half-closed the stream.
  func receivedEndOfStream(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.receiving.markPeerEnded()
    self.deliverMessages(stream)
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
  func inboundDemand(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.receiving.resume()
    self.deliverMessages(stream)
  }

  /// The handler dropped its inbound sequence.
  func inboundTerminated(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.receiving.isClosed = true
    stream.inbound = nil
    self.releaseWindowIfPossible(stream)
  }

  // MARK: - Outbound data

  /// Queues one part written by a handler (sent by the caller's flush).
  func enqueue(_ part: OutboundPart, streamID: Int32) {
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

  func submitResponse(_ headers: HeaderList, for stream: ServerStream, session: OpaquePointer) {
    stream.headersSubmitted = true
    var provider = nghttp2_data_provider()
    provider.read_callback = serverDataSourceRead
    let result = headers.withNameValuePairs { nghttp2_submit_response(session, stream.id, $0, $1, &provider) }
    if result != 0 {
      self.logger.debug("submit_response failed", metadata: ["stream": "\(stream.id)", "code": "\(result)"])
    }
  }

  func resumeIfDeferred(_ stream: ServerStream, session: OpaquePointer) {
    guard stream.dataDeferred else { return }
    stream.dataDeferred = false
    // The stream may have been reset since it deferred; nghttp2 checks and returns an error.
    _ = nghttp2_session_resume_data(session, stream.id)
  }

  /// The handler finished writing. Without a status the stream is reset.
  func writerFinished(streamID: Int32) {
    guard let session = self.session, let stream = self.streams[streamID] else { return }
    if !stream.statusQueued {
      stream.statusQueued = true
      nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, NGHTTP2_INTERNAL_ERROR.rawValue)
    }
  }

  /// The RPC's `grpc-timeout` passed: end it with DEADLINE_EXCEEDED whatever the handler does.
  /// The handler sees the cancellation; its later writes fail.
  func deadlineExpired(streamID: Int32, timeout: Duration) {
    guard let stream = self.streams[streamID], stream.phase == .active, !stream.statusQueued else { return }
    let error = RPCError(code: .deadlineExceeded, message: "deadline exceeded (grpc-timeout \(timeout))")
    self.enqueue(.status(Status(code: .deadlineExceeded, message: error.message), [:]), streamID: streamID)
    stream.cancellation?.cancel()
    stream.flow?.fail(error)
    if !stream.receiving.isClosed {
      stream.receiving.isClosed = true
      stream.inbound?.finish(error)
    }
    self.flush()
  }
}
