internal import CNGHTTP2
import NIOCore

/// Creates the nghttp2 server session of a connection: callbacks, options and initial SETTINGS.
enum NGHTTP2Session {
  /// Drains what nghttp2 has queued into coalesced writes while the channel is writable.
  /// Returns `false` if nghttp2 failed (the connection must close). Never call from a callback.
  static func drainOutput(_ session: OpaquePointer, to context: ChannelHandlerContext) -> Bool {
    var pending = context.channel.allocator.buffer(capacity: 0)
    defer {
      if pending.readableBytes > 0 { context.writeAndFlush(NIOAny(pending), promise: nil) }
    }
    while context.channel.isWritable {
      var chunk: UnsafePointer<UInt8>?
      let count = nghttp2_session_mem_send(session, &chunk)
      guard count >= 0 else { return false }
      guard count > 0, let chunk else { break }
      // The pointer is only valid until the next nghttp2 call: copy it out now.
      pending.writeBytes(UnsafeRawBufferPointer(start: chunk, count: count))
      if pending.readableBytes >= 256 * 1024 {
        context.writeAndFlush(NIOAny(pending), promise: nil)
        pending = context.channel.allocator.buffer(capacity: 0)
      }
    }
    return true
  }

  /// Submits the initial SETTINGS and the connection window; deletes the session on failure.
  static func start(
    _ session: OpaquePointer,
    settings: [nghttp2_settings_entry],
    connectionWindowSize: Int
  ) throws(CreationError) {
    var result = settings.withUnsafeBufferPointer {
      nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), $0.baseAddress, $0.count)
    }
    if result == 0 {
      result = nghttp2_session_set_local_window_size(
        session,
        UInt8(NGHTTP2_FLAG_NONE.rawValue),
        0,
        Int32(clamping: connectionWindowSize)
      )
    }
    guard result == 0 else {
      nghttp2_session_del(session)
      throw CreationError(code: result)
    }
  }

  struct CreationError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { "nghttp2 session creation failed: \(String(cString: nghttp2_strerror(code)))" }
  }

  /// Creates a session whose callbacks `setCallbacks` installs, with nghttp2's protections set
  /// from `http2` (window updates are ours to send: backpressure, not arrival, releases window).
  static func make(
    isServer: Bool,
    http2: NGHTTP2ServerTransport.Config.HTTP2,
    userData: AnyObject,
    setCallbacks: (OpaquePointer) -> Void
  ) throws(CreationError) -> OpaquePointer {
    var callbacks: OpaquePointer?
    guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
      throw CreationError(code: NGHTTP2_ERR_NOMEM.rawValue)
    }
    defer { nghttp2_session_callbacks_del(callbacks) }
    setCallbacks(callbacks)

    var options: OpaquePointer?
    guard nghttp2_option_new(&options) == 0, let options else {
      throw CreationError(code: NGHTTP2_ERR_NOMEM.rawValue)
    }
    defer { nghttp2_option_del(options) }
    nghttp2_option_set_no_auto_window_update(options, 1)
    nghttp2_option_set_max_continuations(options, http2.maxContinuations)
    nghttp2_option_set_max_outbound_ack(options, http2.maxOutboundAcks)
    nghttp2_option_set_max_settings(options, http2.maxSettingsEntries)
    if isServer {
      nghttp2_option_set_stream_reset_rate_limit(options, UInt64(http2.resetBurst), UInt64(http2.resetsPerSecond))
    }

    var session: OpaquePointer?
    let pointer = Unmanaged.passUnretained(userData).toOpaque()
    let created =
      isServer
      ? nghttp2_session_server_new2(&session, callbacks, pointer, options)
      : nghttp2_session_client_new2(&session, callbacks, pointer, options)
    guard created == 0, let session else { throw CreationError(code: created) }
    return session
  }

  static func makeServer(
    config: NGHTTP2ServerTransport.Config,
    userData: ServerConnectionHandler
  ) throws(CreationError) -> OpaquePointer {
    let session = try Self.make(isServer: true, http2: config.http2, userData: userData) { callbacks in
      nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, serverOnBeginHeaders)
      nghttp2_session_callbacks_set_on_header_callback(callbacks, serverOnHeader)
      nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, serverOnFrameRecv)
      nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, serverOnDataChunkRecv)
      nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, serverOnFrameSend)
      nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, serverOnStreamClose)
    }
    let settings: [nghttp2_settings_entry] = [
      .init(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: UInt32(clamping: config.limits.maxConcurrentStreams)),
      .init(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: UInt32(clamping: min(config.http2.initialStreamWindowSize, Int(Int32.max)))),
      .init(settings_id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue), value: UInt32(clamping: min(max(config.http2.maxFrameSize, 16384), 16_777_215))),
      .init(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: UInt32(clamping: config.limits.maxHeaderListSize)),
    ]
    try Self.start(session, settings: settings, connectionWindowSize: config.http2.connectionWindowSize)
    return session
  }
}

// MARK: - Callbacks
//
// nghttp2 calls these from inside `nghttp2_session_mem_recv` / `mem_send`. They never trap, never
// call `mem_send`, and return 0 or an nghttp2 error code.

@inline(__always)
private func handler(_ userData: UnsafeMutableRawPointer?) -> ServerConnectionHandler? {
  guard let userData else { return nil }
  return Unmanaged<ServerConnectionHandler>.fromOpaque(userData).takeUnretainedValue()
}

private let framesHEADERS = UInt8(NGHTTP2_HEADERS.rawValue)
private let framesDATA = UInt8(NGHTTP2_DATA.rawValue)
private let framesPING = UInt8(NGHTTP2_PING.rawValue)
private let framesSETTINGS = UInt8(NGHTTP2_SETTINGS.rawValue)
private let flagEndStream = UInt8(NGHTTP2_FLAG_END_STREAM.rawValue)
private let flagAck = UInt8(NGHTTP2_FLAG_ACK.rawValue)

private func serverOnBeginHeaders(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, let handler = handler(userData) else { return 0 }
  guard frame.pointee.hd.type == framesHEADERS,
    frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST
  else { return 0 }
  let stream = ServerStream(
    id: frame.pointee.hd.stream_id,
    maxHeaderListSize: handler.config.limits.maxHeaderListSize,
    maxMessageSize: handler.config.limits.maxReceiveMessageSize,
    allocator: ByteBufferAllocator()
  )
  handler.streamOpened(stream)
  return 0
}

private func serverOnHeader(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ name: UnsafePointer<UInt8>?,
  _ nameLength: Int,
  _ value: UnsafePointer<UInt8>?,
  _ valueLength: Int,
  _ flags: UInt8,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, let handler = handler(userData),
    frame.pointee.hd.type == framesHEADERS,
    let stream = handler.streams[frame.pointee.hd.stream_id],
    stream.phase == .receivingHeaders
  else { return 0 }
  // Count the field before decoding it: the rest of an oversized block costs no allocation.
  guard stream.head.admit(nameLength: nameLength, valueLength: valueLength) else {
    handler.requestHeadersComplete(stream)
    return 0
  }
  let nameString = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
  let valueString = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
  stream.head.add(name: nameString, value: valueString)
  return 0
}

private func serverOnFrameRecv(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, let handler = handler(userData) else { return 0 }
  let header = frame.pointee.hd
  switch header.type {
  case framesHEADERS:
    if let stream = handler.streams[header.stream_id], stream.phase == .receivingHeaders {
      handler.requestHeadersComplete(stream)
    }
    if header.flags & flagEndStream != 0 {
      handler.receivedEndOfStream(streamID: header.stream_id)
    }
  case framesDATA:
    if header.flags & flagEndStream != 0 {
      handler.receivedEndOfStream(streamID: header.stream_id)
    }
  case framesSETTINGS:
    handler.prefaceReceived = true
  case framesPING where header.flags & flagAck != 0:
    let payload = withUnsafeBytes(of: frame.pointee.ping.opaque_data) { bytes in
      bytes.loadUnaligned(as: UInt64.self).bigEndian
    }
    handler.receivedPingAck(payload: payload)
  default:
    break
  }
  return 0
}

private func serverOnDataChunkRecv(
  _ session: OpaquePointer?,
  _ flags: UInt8,
  _ streamID: Int32,
  _ data: UnsafePointer<UInt8>?,
  _ length: Int,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let handler = handler(userData) else { return 0 }
  handler.receivedData(UnsafeRawBufferPointer(start: data, count: length), streamID: streamID)
  return 0
}

private func serverOnFrameSend(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let session, let frame, let handler = handler(userData) else { return 0 }
  let header = frame.pointee.hd
  guard header.type == framesHEADERS, header.flags & flagEndStream != 0,
    let stream = handler.streams[header.stream_id]
  else { return 0 }
  stream.responseComplete = true
  if !stream.receiving.peerEnded {
    // The response is complete but the client is still sending: tell it to stop (RFC 9113 §8.1).
    nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), header.stream_id, NGHTTP2_NO_ERROR.rawValue)
  }
  return 0
}

private func serverOnStreamClose(
  _ session: OpaquePointer?,
  _ streamID: Int32,
  _ errorCode: UInt32,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let handler = handler(userData) else { return 0 }
  handler.streamClosed(streamID: streamID, errorCode: errorCode)
  return 0
}

/// The data source of every response body: copies queued message bytes, submits trailers when the
/// handler's status is queued and all bytes are out, and defers while there is nothing to send.
func serverDataSourceRead(
  _ session: OpaquePointer?,
  _ streamID: Int32,
  _ buffer: UnsafeMutablePointer<UInt8>?,
  _ length: Int,
  _ dataFlags: UnsafeMutablePointer<UInt32>?,
  _ source: UnsafeMutablePointer<nghttp2_data_source>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int {
  guard let session, let buffer, let dataFlags, let handler = handler(userData),
    let stream = handler.streams[streamID]
  else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }

  let copied = stream.outboundQueue.read(into: buffer, length: length)
  if copied > 0 {
    stream.flow?.remove(copied)
  }
  if stream.outboundQueue.isEmpty {
    if let trailers = stream.pendingTrailers {
      stream.pendingTrailers = nil
      _ = trailers.withNameValuePairs { nghttp2_submit_trailer(session, streamID, $0, $1) }
      dataFlags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
    } else if copied == 0 {
      stream.dataDeferred = true
      return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }
  }
  return copied
}
