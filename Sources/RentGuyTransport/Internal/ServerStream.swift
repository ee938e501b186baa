import GRPCCore
import NIOCore

/// The event-loop side of one HTTP/2 stream on a server connection.
final class ServerStream {
  enum Phase {
    /// Request headers are arriving.
    case receivingHeaders
    /// Rejected before reaching a handler; the error response is queued.
    case rejected
    /// Handed to a handler.
    case active
  }

  let id: Int32
  var phase = Phase.receivingHeaders
  var head: RequestHead

  // Inbound (set when active).
  var receiving: StreamInbound
  var inbound: InboundParts?

  // Outbound.
  var flow: OutboundFlowControl?
  var streamContext: HTTP2ServerStreamContext?
  var cancellation: StreamCancellation?
  var outboundQueue = OutboundByteQueue()
  var headersSubmitted = false
  var statusQueued = false
  var pendingTrailers: HeaderList?
  /// nghttp2 is waiting for data (the read callback returned NGHTTP2_ERR_DEFERRED).
  var dataDeferred = false
  /// The final HEADERS frame (with END_STREAM) has been sent.
  var responseComplete = false
  /// Ends the RPC with DEADLINE_EXCEEDED when its `grpc-timeout` passes.
  var deadlineTimer: Scheduled<Void>?
  /// When the `grpc-timeout` passes.
  var deadline: NIODeadline?

  init(id: Int32, maxHeaderListSize: Int, maxMessageSize: Int, allocator: ByteBufferAllocator) {
    self.id = id
    self.head = RequestHead(maxHeaderListSize: maxHeaderListSize)
    self.receiving = StreamInbound(
      deframer: GRPCMessageDeframer(maxMessageSize: maxMessageSize, gzipEnabled: false, allocator: allocator)
    )
  }

  /// Ends the handler's view of the stream: later writes fail and the inbound sequence ends,
  /// with `error` when the stream did not complete. Returns the cancellation to run (callers
  /// inside nghttp2 callbacks defer it), or `nil` for a stream that completed.
  func close(error: RPCError?) -> StreamCancellation? {
    self.deadlineTimer?.cancel()
    self.flow?.fail(error ?? RPCError(code: .cancelled, message: "stream already closed"))
    if !self.receiving.isClosed {
      self.receiving.isClosed = true
      self.inbound?.finish(error)
    }
    return error == nil ? nil : self.cancellation
  }
}
