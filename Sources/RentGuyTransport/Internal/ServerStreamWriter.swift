import GRPCCore
import NIOCore

/// What a handler's writer hands to the connection's event loop.
enum OutboundPart: Sendable {
  case headers(HeaderList)
  case message(ByteBuffer)
  case status(Status, Metadata)
}

/// Work for a server connection's event loop, queued by handler tasks.
enum ServerOutboxItem: Sendable {
  case part(Int32, OutboundPart)
  case writerFinished(Int32)
  case inboundDemand(Int32)
  case inboundTerminated(Int32)
}

/// The outbound half of one RPC as GRPCCore sees it. Messages are framed (and compressed) on the
/// writing task, then handed to the event loop; the writer suspends while the stream has more
/// than its high watermark of bytes that nghttp2 has not taken yet.
struct ServerStreamWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCResponsePart<HTTP2MessageBytes>

  let streamID: Int32
  let outbox: ConnectionOutbox<ServerConnectionHandler>
  let flow: OutboundFlowControl
  let streamContext: HTTP2ServerStreamContext
  let allocator: ByteBufferAllocator

  func write(_ element: Element) async throws {
    let part: OutboundPart
    var size = 0
    switch element {
    case .metadata(let metadata):
      let gzip = self.streamContext.announceResponseEncoding()
      part = .headers(ResponseHeaders.initial(metadata: metadata, gzip: gzip))
    case .message(let bytes):
      let compress = self.streamContext.compressNextResponse
      let framed = GRPCMessageFramer.frame(bytes.buffer, compress: compress, allocator: self.allocator)
      size = framed.readableBytes
      part = .message(framed)
    case .status(let status, let metadata):
      part = .status(status, metadata)
    }

    let mustWait = try self.flow.add(size)
    self.outbox.send(.part(self.streamID, part))
    if mustWait {
      try await self.flow.waitUntilWritable()
    }
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    self.outbox.send(.writerFinished(self.streamID))
  }

  func finish(throwing error: any Error) async {
    self.outbox.send(.writerFinished(self.streamID))
  }
}

/// The inbound half of one server RPC: request metadata, then messages, bounded by watermarks.
typealias InboundParts = InboundQueue<RPCRequestPart<HTTP2MessageBytes>, ServerConnectionHandler>

/// An RPC accepted on a connection, handed from the event loop to the transport's task group.
struct AcceptedRPC: Sendable {
  var descriptor: MethodDescriptor
  var inbound: InboundParts
  var writer: ServerStreamWriter
  var cancellation: StreamCancellation
  var streamContext: HTTP2ServerStreamContext
}
