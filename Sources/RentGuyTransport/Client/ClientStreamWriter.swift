import GRPCCore
import NIOCore

/// What a client writer hands to the connection's event loop.
enum ClientOutboundPart: Sendable {
  case metadata(Metadata, compress: Bool)
  case message(ByteBuffer)
  case end
}

/// Work for a client connection's event loop, queued by RPC tasks.
enum ClientOutboxItem: Sendable {
  case part(Int, ClientOutboundPart)
  case cancel(Int, RPCError)
  case abandoned(Int)
  case inboundDemand(Int)
  case inboundTerminated(Int)
}

/// The request half of one RPC as GRPCCore sees it: messages are framed (and compressed) on the
/// calling task; the writer suspends above the stream's outbound high watermark.
struct ClientStreamWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCRequestPart<HTTP2MessageBytes>

  let streamKey: Int
  let outbox: ConnectionOutbox<ClientConnectionHandler>
  let flow: OutboundFlowControl
  let compress: Bool
  let allocator: ByteBufferAllocator

  func write(_ element: Element) async throws {
    let part: ClientOutboundPart
    var size = 0
    switch element {
    case .metadata(let metadata):
      part = .metadata(metadata, compress: self.compress)
    case .message(let bytes):
      let framed = GRPCMessageFramer.frame(bytes.buffer, compress: self.compress, allocator: self.allocator)
      size = framed.readableBytes
      part = .message(framed)
    }
    let mustWait = try self.flow.add(size)
    self.send(part)
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
    self.send(.end)
  }

  func finish(throwing error: any Error) async {
    self.outbox.send(.cancel(self.streamKey, RPCError(code: .cancelled, message: "request stream failed: \(error)")))
  }

  private func send(_ part: ClientOutboundPart) {
    self.outbox.send(.part(self.streamKey, part))
  }
}
