import NIOCore

/// Writes gRPC length-prefixed messages, gzip-compressing those asked for.
enum GRPCMessageFramer {
  /// Frames `message`; compresses it first when `compress` is set.
  static func frame(
    _ message: ByteBuffer,
    compress: Bool,
    allocator: ByteBufferAllocator
  ) -> ByteBuffer {
    var payload = message
    if compress {
      payload = Gzip.compress(message, allocator: allocator)
    }
    var framed = allocator.buffer(capacity: 5 + payload.readableBytes)
    framed.writeInteger(compress ? 1 : 0, as: UInt8.self)
    framed.writeInteger(UInt32(payload.readableBytes), as: UInt32.self)
    framed.writeBuffer(&payload)
    return framed
  }
}
