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

/// The request half of one stream: messages are framed (and compressed) on the calling task; the
/// writer suspends above the stream's outbound high watermark.
struct ClientStreamWriter: Sendable {
  let streamKey: Int
  let outbox: ConnectionOutbox<ClientConnectionHandler>
  let flow: OutboundFlowControl
  let compress: Bool
  let allocator: ByteBufferAllocator

  /// The part `element` becomes on the wire, and the bytes it counts against flow control.
  func part(for element: RPCRequestPart<HTTP2MessageBytes>) -> (ClientOutboundPart, bytes: Int) {
    switch element {
    case .metadata(let metadata):
      return (.metadata(metadata, compress: self.compress), 0)
    case .message(let bytes):
      let framed = GRPCMessageFramer.frame(bytes.buffer, compress: self.compress, allocator: self.allocator)
      return (.message(framed), framed.readableBytes)
    }
  }

  /// Queues `part`, then waits while the stream is above its high watermark.
  func write(_ part: ClientOutboundPart, bytes: Int) async throws {
    let mustWait = try self.flow.add(bytes)
    self.send(part)
    if mustWait {
      try await self.flow.waitUntilWritable()
    }
  }

  /// Queues `part` without waiting (a replay, which is small by construction).
  func replay(_ part: ClientOutboundPart, bytes: Int) {
    _ = try? self.flow.add(bytes)
    self.send(part)
  }

  /// Resets the stream: the request failed on the caller's side.
  func cancel(because error: any Error) {
    self.outbox.send(.cancel(self.streamKey, RPCError(code: .cancelled, message: "request stream failed: \(error)")))
  }

  /// The caller is done with the stream: anything still open is reset.
  func abandon() {
    self.outbox.send(.abandoned(self.streamKey))
  }

  private func send(_ part: ClientOutboundPart) {
    self.outbox.send(.part(self.streamKey, part))
  }
}
