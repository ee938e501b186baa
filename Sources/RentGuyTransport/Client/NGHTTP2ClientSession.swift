internal import CNGHTTP2
import GRPCCore
import NIOCore

extension NGHTTP2Session {
  /// Creates the nghttp2 client session of a connection: callbacks, options and initial SETTINGS.
  static func makeClient(
    config: NGHTTP2ClientTransport.Config,
    userData: ClientConnectionHandler
  ) throws(CreationError) -> OpaquePointer {
    let session = try Self.make(isServer: false, http2: config.http2, userData: userData) { callbacks in
      nghttp2_session_callbacks_set_on_header_callback(callbacks, clientOnHeader)
      nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, clientOnFrameRecv)
      nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, clientOnDataChunkRecv)
      nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, clientOnStreamClose)
      nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, clientOnFrameSend)
      nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, clientOnFrameNotSend)
    }
    let settings: [nghttp2_settings_entry] = [
      .init(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
      .init(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: UInt32(clamping: min(config.http2.initialStreamWindowSize, Int(Int32.max)))),
      .init(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: UInt32(clamping: config.limits.maxHeaderListSize)),
    ]
    try Self.start(session, settings: settings, connectionWindowSize: config.http2.connectionWindowSize)
    return session
  }
}

@inline(__always)
private func clientHandler(_ userData: UnsafeMutableRawPointer?) -> ClientConnectionHandler? {
  guard let userData else { return nil }
  return Unmanaged<ClientConnectionHandler>.fromOpaque(userData).takeUnretainedValue()
}

private let typeHEADERS = UInt8(NGHTTP2_HEADERS.rawValue)
private let typeDATA = UInt8(NGHTTP2_DATA.rawValue)
private let typePING = UInt8(NGHTTP2_PING.rawValue)
private let typeGOAWAY = UInt8(NGHTTP2_GOAWAY.rawValue)
private let flagEndStream = UInt8(NGHTTP2_FLAG_END_STREAM.rawValue)
private let flagAck = UInt8(NGHTTP2_FLAG_ACK.rawValue)

private func clientOnHeader(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ name: UnsafePointer<UInt8>?,
  _ nameLength: Int,
  _ value: UnsafePointer<UInt8>?,
  _ valueLength: Int,
  _ flags: UInt8,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, let handler = clientHandler(userData), frame.pointee.hd.type == typeHEADERS,
    let stream = handler.streamsByID[frame.pointee.hd.stream_id], stream.phase != .closed
  else { return 0 }
  // Count the field before decoding it: the rest of an oversized block costs no allocation.
  guard stream.head.admit(nameLength: nameLength, valueLength: valueLength) else {
    handler.failAndReset(
      stream,
      RPCError(
        code: .resourceExhausted,
        message: "response header list exceeds the limit of \(stream.head.budget.limit) bytes"
      )
    )
    return 0
  }
  stream.head.add(
    name: String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self),
    value: String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
  )
  return 0
}

private func clientOnFrameRecv(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, let handler = clientHandler(userData) else { return 0 }
  let header = frame.pointee.hd
  switch header.type {
  case typeHEADERS:
    handler.responseHeadersComplete(streamID: header.stream_id, endStream: header.flags & flagEndStream != 0)
  case typeDATA where header.flags & flagEndStream != 0:
    // END_STREAM on DATA: the server ended without trailers.
    handler.responseHeadersComplete(streamID: header.stream_id, endStream: true)
  case typeGOAWAY:
    handler.receivedGoAway()
  case typePING where header.flags & flagAck != 0:
    handler.receivedPingAck()
  default:
    break
  }
  return 0
}

private func clientOnDataChunkRecv(
  _ session: OpaquePointer?,
  _ flags: UInt8,
  _ streamID: Int32,
  _ data: UnsafePointer<UInt8>?,
  _ length: Int,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  clientHandler(userData)?.receivedData(UnsafeRawBufferPointer(start: data, count: length), streamID: streamID)
  return 0
}

private func clientOnStreamClose(
  _ session: OpaquePointer?,
  _ streamID: Int32,
  _ errorCode: UInt32,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  clientHandler(userData)?.streamClosed(streamID: streamID, errorCode: errorCode)
  return 0
}

private func clientOnFrameSend(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, frame.pointee.hd.type == typeHEADERS, let handler = clientHandler(userData) else { return 0 }
  handler.streamsByID[frame.pointee.hd.stream_id]?.requestSent = true
  return 0
}

private func clientOnFrameNotSend(
  _ session: OpaquePointer?,
  _ frame: UnsafePointer<nghttp2_frame>?,
  _ error: Int32,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  guard let frame, frame.pointee.hd.type == typeHEADERS, frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST,
    let handler = clientHandler(userData)
  else { return 0 }
  handler.requestNotSent(streamID: frame.pointee.hd.stream_id, error: error)
  return 0
}

/// The data source of every request body: queued message bytes, then END_STREAM once the
/// writer finished; defers while there is nothing to send.
func clientDataSourceRead(
  _ session: OpaquePointer?,
  _ streamID: Int32,
  _ buffer: UnsafeMutablePointer<UInt8>?,
  _ length: Int,
  _ dataFlags: UnsafeMutablePointer<UInt32>?,
  _ source: UnsafeMutablePointer<nghttp2_data_source>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int {
  guard let buffer, let dataFlags, let handler = clientHandler(userData),
    let stream = handler.streamsByID[streamID]
  else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
  let copied = stream.outboundQueue.read(into: buffer, length: length)
  if copied > 0 { stream.flow.remove(copied) }
  if stream.outboundQueue.isEmpty {
    if stream.requestEnded {
      dataFlags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
    } else if copied == 0 {
      stream.dataDeferred = true
      return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }
  }
  return copied
}
