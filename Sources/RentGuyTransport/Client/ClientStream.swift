import GRPCCore
import NIOCore

/// The event-loop side of one RPC on a client connection.
final class ClientStream {
  enum Phase {
    /// The request headers have not been written yet.
    case idle
    /// Waiting for response headers.
    case awaitingResponse
    /// Response headers received; messages flowing.
    case receiving
    /// Status delivered (or the stream failed).
    case closed
  }

  /// The HTTP/2 stream id, once the request headers are submitted.
  var id: Int32 = -1
  /// The transport's own handle for the stream before it has an HTTP/2 id.
  let key: Int
  let descriptor: MethodDescriptor
  var phase = Phase.idle
  /// The request HEADERS frame went out (until then, the server cannot have seen the RPC).
  var requestSent = false
  var head: ResponseHead
  var receiving: StreamInbound
  /// The trailers' status, held back until every message before it has been delivered.
  var pendingStatus: (Status, Metadata)?
  let maxMessageSize: Int
  let inbound: ClientInboundParts

  let flow: OutboundFlowControl
  var outboundQueue = OutboundByteQueue()
  var requestEnded = false
  var dataDeferred = false
  var deadlineTimer: Scheduled<Void>?

  init(
    key: Int,
    descriptor: MethodDescriptor,
    maxMessageSize: Int,
    maxHeaderListSize: Int,
    inbound: ClientInboundParts,
    flow: OutboundFlowControl,
    allocator: ByteBufferAllocator
  ) {
    self.key = key
    self.descriptor = descriptor
    self.maxMessageSize = maxMessageSize
    self.inbound = inbound
    self.flow = flow
    self.head = ResponseHead(maxHeaderListSize: maxHeaderListSize)
    self.receiving = StreamInbound(
      deframer: GRPCMessageDeframer(maxMessageSize: maxMessageSize, gzipEnabled: false, allocator: allocator)
    )
  }

  /// Delivers the final status and closes the inbound sequence.
  func finish(with status: Status, metadata: Metadata) {
    guard self.phase != .closed else { return }
    self.phase = .closed
    self.deadlineTimer?.cancel()
    self.flow.fail(RPCError(code: .cancelled, message: "the RPC has already finished"))
    // The queue drops both if the caller already stopped reading.
    self.receiving.isClosed = true
    _ = self.inbound.yield(.status(status, metadata))
    self.inbound.finish()
  }

  /// Fails the RPC with `error` (a reset, a lost connection, a protocol violation).
  func fail(_ error: RPCError) {
    guard self.phase != .closed else { return }
    self.phase = .closed
    self.deadlineTimer?.cancel()
    self.flow.fail(error)
    self.receiving.isClosed = true
    self.inbound.finish(error)
  }
}

/// The response half of one client RPC, bounded by watermarks.
typealias ClientInboundParts = InboundQueue<RPCResponsePart<HTTP2MessageBytes>, ClientConnectionHandler>
