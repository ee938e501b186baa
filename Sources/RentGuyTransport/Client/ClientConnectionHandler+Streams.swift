internal import CNGHTTP2
import GRPCCore
import Logging
import NIOCore

/// Streams: opening RPCs, request parts from the outbox, response headers, data and resets.
extension ClientConnectionHandler {
  // MARK: - Streams

  /// Creates the event-loop side of a new RPC (its HTTP/2 stream opens when metadata is written).
  func makeStream(
    descriptor: MethodDescriptor,
    options: CallOptions
  ) throws(RPCError) -> (ClientInboundParts, ClientStreamWriter) {
    guard !self.isClosed, !self.isDraining, let outbox = self.outbox, let context else {
      throw NotProcessedByServer.error(
        "connection to \(self.authority) is closing" + (self.closeReason.map { ": \($0.message)" } ?? "")
      )
    }
    let key = self.nextKey
    self.nextKey += 1
    let inbound = ClientInboundParts(
      watermarks: self.config.buffers.inboundWatermarks,
      relay: InboundDemandRelay(streamKey: key, outbox: outbox)
    )
    let flow = OutboundFlowControl(
      highWatermark: self.config.buffers.outboundBytesHighWatermark,
      lowWatermark: self.config.buffers.outboundBytesLowWatermark
    )
    let stream = ClientStream(
      key: key,
      descriptor: descriptor,
      maxMessageSize: options.maxResponseMessageBytes ?? self.config.limits.maxReceiveMessageSize,
      maxHeaderListSize: self.config.limits.maxHeaderListSize,
      inbound: inbound,
      flow: flow,
      allocator: context.channel.allocator
    )
    self.streamsByKey[key] = stream
    let compress = self.config.gzipEnabled && options.compression == .gzip
    let writer = ClientStreamWriter(
      streamKey: key,
      outbox: outbox,
      flow: flow,
      compress: compress,
      allocator: context.channel.allocator
    )
    return (inbound, writer)
  }

  static func demandItem(streamKey: Int) -> ClientOutboxItem { .inboundDemand(streamKey) }
  static func terminatedItem(streamKey: Int) -> ClientOutboxItem { .inboundTerminated(streamKey) }

  /// Applies everything RPC tasks queued since the last drain, then sends once.
  func drainOutbox() {
    guard let outbox = self.outbox else { return }
    for item in outbox.take() {
      switch item {
      case .part(let key, let part): self.enqueue(part, streamKey: key)
      case .cancel(let key, let error): self.cancel(streamKey: key, error: error)
      case .abandoned(let key): self.streamAbandoned(streamKey: key)
      case .inboundDemand(let key): self.inboundDemand(streamKey: key)
      case .inboundTerminated(let key): self.inboundTerminated(streamKey: key)
      }
    }
    self.flush()
  }

  /// Queues one part written by the RPC's writer.
  func enqueue(_ part: ClientOutboundPart, streamKey: Int) {
    guard let session = self.session, let stream = self.streamsByKey[streamKey], stream.phase != .closed else { return }
    switch part {
    case .metadata(let metadata, let compress):
      guard stream.phase == .idle else { return }
      self.submitRequest(stream, metadata: metadata, compress: compress, session: session)
    case .message(let bytes):
      guard !stream.requestEnded else { return }
      stream.outboundQueue.append(bytes)
      self.resumeIfDeferred(stream, session: session)
    case .end:
      guard !stream.requestEnded else { return }
      stream.requestEnded = true
      self.resumeIfDeferred(stream, session: session)
    }
  }

  func submitRequest(_ stream: ClientStream, metadata: Metadata, compress: Bool, session: OpaquePointer) {
    var headers = HeaderList()
    headers.add(":method", "POST")
    headers.add(":scheme", self.scheme)
    headers.add(":path", "/" + stream.descriptor.fullyQualifiedMethod)
    headers.add(":authority", self.authority)
    headers.add("content-type", "application/grpc")
    headers.add("te", "trailers")
    headers.add("user-agent", "grpc-swift-rentguy/1.0")
    if self.config.gzipEnabled { headers.add("grpc-accept-encoding", ResponseHeaders.acceptEncoding) }
    if compress { headers.add("grpc-encoding", "gzip") }
    var reserved = ResponseHeaders.reservedKeys
    reserved.remove("grpc-timeout")
    reserved.insert("user-agent")
    ResponseHeaders.append(metadata, to: &headers, reserved: reserved)

    var provider = nghttp2_data_provider()
    provider.read_callback = clientDataSourceRead
    let id = headers.withNameValuePairs { nghttp2_submit_request(session, nil, $0, $1, &provider, nil) }
    guard id > 0 else {
      stream.fail(NotProcessedByServer.error("could not open a stream: \(String(cString: nghttp2_strerror(id)))"))
      self.streamsByKey.removeValue(forKey: stream.key)
      return
    }
    stream.id = id
    stream.phase = .awaitingResponse
    self.streamsByID[id] = stream

    if let timeoutValue = metadata[stringValues: "grpc-timeout"].first(where: { _ in true }),
      let timeout = GRPCTimeout.parse(timeoutValue)
    {
      let key = stream.key
      stream.deadlineTimer = self.schedule(after: timeout) { handler in
        handler.cancel(streamKey: key, error: RPCError(code: .deadlineExceeded, message: "deadline exceeded (grpc-timeout \(timeoutValue))"))
        handler.flush()
      }
    }
  }

  func resumeIfDeferred(_ stream: ClientStream, session: OpaquePointer) {
    guard stream.dataDeferred, stream.id > 0 else { return }
    stream.dataDeferred = false
    _ = nghttp2_session_resume_data(session, stream.id)
  }

  /// Cancels the RPC locally: RST_STREAM(CANCEL) and the error to the caller.
  func cancel(streamKey: Int, error: RPCError) {
    guard let stream = self.streamsByKey[streamKey], stream.phase != .closed else { return }
    if stream.id > 0, let session = self.session {
      nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream.id, NGHTTP2_CANCEL.rawValue)
    }
    stream.fail(error)
    self.forgetIfClosed(stream)
  }

  /// The caller's `withStream` closure returned: anything still open is cancelled.
  func streamAbandoned(streamKey: Int) {
    guard let stream = self.streamsByKey[streamKey] else { return }
    if stream.phase == .closed {
      self.forgetIfClosed(stream)
      return
    }
    self.cancel(streamKey: streamKey, error: RPCError(code: .cancelled, message: "RPC cancelled by the client"))
  }

  // MARK: - Inbound

  func responseHeadersComplete(streamID: Int32, endStream: Bool) {
    guard let stream = self.streamsByID[streamID], stream.phase != .closed else { return }
    let head = stream.head
    stream.head = ResponseHead(maxHeaderListSize: head.budget.limit)
    switch stream.phase {
    case .awaitingResponse where endStream:
      // Trailers-Only.
      stream.finish(with: head.status, metadata: head.metadata)
    case .awaitingResponse:
      if let error = head.headersError {
        self.failAndReset(stream, RPCError(code: RPCError.Code(error.code) ?? .internalError, message: error.message))
        return
      }
      switch head.encoding {
      case nil, "identity":
        break
      case "gzip" where self.config.gzipEnabled:
        stream.receiving.use(
          GRPCMessageDeframer(
            maxMessageSize: stream.maxMessageSize,
            gzipEnabled: true,
            allocator: self.context?.channel.allocator ?? ByteBufferAllocator()
          )
        )
      case let other?:
        self.failAndReset(stream, RPCError(code: .internalError, message: "server used unsupported grpc-encoding '\(other)'"))
        return
      }
      stream.phase = .receiving
      _ = stream.inbound.yield(.metadata(head.metadata))
    case .receiving:
      // Trailers: delivered once the messages before them are.
      stream.pendingStatus = (head.status, head.metadata)
      stream.receiving.markPeerEnded()
      self.deliverMessages(stream)
    case .idle, .closed:
      break
    }
  }

  func failAndReset(_ stream: ClientStream, _ error: RPCError) {
    if let session = self.session, stream.id > 0 {
      nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream.id, NGHTTP2_PROTOCOL_ERROR.rawValue)
    }
    stream.fail(error)
  }

  func receivedData(_ bytes: UnsafeRawBufferPointer, streamID: Int32) {
    guard let session = self.session else { return }
    nghttp2_session_consume_connection(session, bytes.count)
    guard let stream = self.streamsByID[streamID], stream.phase == .receiving, stream.receiving.append(bytes) else {
      nghttp2_session_consume_stream(session, streamID, bytes.count)
      return
    }
    self.deliverMessages(stream)
  }

  /// Hands the caller the messages it has room for (then the status, once the trailers came and
  /// every message is delivered), and releases the window they took.
  func deliverMessages(_ stream: ClientStream) {
    guard stream.phase == .receiving else { return }
    let inbound = stream.inbound
    switch stream.receiving.deliver({ inbound.yield(.message(HTTP2MessageBytes($0.bytes)), bytes: $0.bytes.readableBytes) }) {
    case .waiting:
      break
    case .drained:
      let (status, metadata) = stream.pendingStatus ?? (Status(code: .internalError, message: "response ended without trailers"), [:])
      stream.finish(with: status, metadata: metadata)
      self.forgetIfClosed(stream)
    case .failed(let error):
      self.failAndReset(stream, error)
      self.forgetIfClosed(stream)
    }
    self.releaseWindowIfPossible(stream)
  }

  func releaseWindowIfPossible(_ stream: ClientStream) {
    guard let session = self.session, stream.id > 0 else { return }
    let bytes = stream.receiving.takeReleasableBytes()
    if bytes > 0 {
      nghttp2_session_consume_stream(session, stream.id, bytes)
    }
  }

  func inboundDemand(streamKey: Int) {
    guard let stream = self.streamsByKey[streamKey] else { return }
    stream.receiving.resume()
    self.deliverMessages(stream)
  }

  func inboundTerminated(streamKey: Int) {
    guard let stream = self.streamsByKey[streamKey] else { return }
    stream.receiving.isClosed = true
    if stream.phase != .closed {
      // The caller stopped reading (cancelled, or its deadline passed): reset the stream.
      self.cancel(streamKey: streamKey, error: RPCError(code: .cancelled, message: "RPC cancelled by the client"))
    }
    self.releaseWindowIfPossible(stream)
  }

  /// nghttp2 could not send a request's HEADERS (a GOAWAY arrived first): the server never saw it.
  func requestNotSent(streamID: Int32, error: Int32) {
    guard let stream = self.streamsByID.removeValue(forKey: streamID) else { return }
    self.streamsByKey.removeValue(forKey: stream.key)
    stream.fail(NotProcessedByServer.error("request not sent: \(String(cString: nghttp2_strerror(error)))"))
    if self.gracefulClose && self.streamsByKey.isEmpty { self.scheduleFlush() }
  }

  func streamClosed(streamID: Int32, errorCode: UInt32) {
    guard let stream = self.streamsByID.removeValue(forKey: streamID) else { return }
    if stream.phase == .receiving && stream.pendingStatus != nil && errorCode == NGHTTP2_NO_ERROR.rawValue {
      // The response is complete but the caller is behind: the stream stays (by key) until its
      // last messages and the status are delivered.
      return
    }
    self.streamsByKey.removeValue(forKey: stream.key)
    if stream.phase != .closed {
      stream.fail(Self.error(forResetCode: errorCode))
    }
    if self.gracefulClose && self.streamsByKey.isEmpty { self.scheduleFlush() }
  }

  /// Forgets a finished stream whose HTTP/2 stream is gone (or never opened).
  func forgetIfClosed(_ stream: ClientStream) {
    guard stream.phase == .closed, stream.id <= 0 || self.streamsByID[stream.id] == nil else { return }
    self.streamsByKey.removeValue(forKey: stream.key)
    guard self.streamsByKey.isEmpty else { return }
    if self.isClosed && self.context == nil {
      self.outbox = nil  // the last stream that outlived its connection is done
    } else if self.gracefulClose {
      self.scheduleFlush()
    }
  }

  /// gRPC's mapping of RST_STREAM error codes (PROTOCOL-HTTP2 "Errors").
  static func error(forResetCode code: UInt32) -> RPCError {
    switch code {
    case NGHTTP2_NO_ERROR.rawValue, NGHTTP2_PROTOCOL_ERROR.rawValue, NGHTTP2_INTERNAL_ERROR.rawValue,
      NGHTTP2_FLOW_CONTROL_ERROR.rawValue, NGHTTP2_SETTINGS_TIMEOUT.rawValue, NGHTTP2_FRAME_SIZE_ERROR.rawValue,
      NGHTTP2_COMPRESSION_ERROR.rawValue, NGHTTP2_CONNECT_ERROR.rawValue:
      return RPCError(code: .internalError, message: "stream reset by server (HTTP/2 error code \(code))")
    case NGHTTP2_REFUSED_STREAM.rawValue:
      return NotProcessedByServer.error("stream refused by server (not processed)")
    case NGHTTP2_CANCEL.rawValue:
      return RPCError(code: .cancelled, message: "stream cancelled by server")
    case NGHTTP2_ENHANCE_YOUR_CALM.rawValue:
      return RPCError(code: .resourceExhausted, message: "server asked to enhance your calm")
    case NGHTTP2_INADEQUATE_SECURITY.rawValue:
      return RPCError(code: .permissionDenied, message: "server reported inadequate security")
    default:
      return RPCError(code: .unknown, message: "stream reset by server (HTTP/2 error code \(code))")
    }
  }
}
