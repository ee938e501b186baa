import NIOCore

/// Framed message bytes of one stream waiting for nghttp2's data source callback to take them.
struct OutboundByteQueue {
  private var chunks = CircularBuffer<ByteBuffer>()

  var isEmpty: Bool { self.chunks.isEmpty }

  mutating func append(_ bytes: ByteBuffer) {
    self.chunks.append(bytes)
  }

  /// Copies up to `length` bytes to `target`; returns the number copied.
  mutating func read(into target: UnsafeMutablePointer<UInt8>, length: Int) -> Int {
    var copied = 0
    while copied < length, var head = self.chunks.first {
      let take = min(length - copied, head.readableBytes)
      head.withUnsafeReadableBytes { bytes in
        if let base = bytes.baseAddress {
          (target + copied).update(from: base.assumingMemoryBound(to: UInt8.self), count: take)
        }
      }
      copied += take
      head.moveReaderIndex(forwardBy: take)
      if head.readableBytes == 0 {
        self.chunks.removeFirst()
      } else {
        self.chunks[self.chunks.startIndex] = head
      }
    }
    return copied
  }
}
