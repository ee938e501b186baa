internal import CZlib
import NIOCore

/// gzip (RFC 1952) for gRPC message compression, on the system zlib.
enum Gzip {
  enum Failure: Error, Equatable {
    /// The compressed input is not valid gzip.
    case corrupt
    /// Decompressing would exceed the allowed size.
    case tooLarge
  }

  /// Compresses `input` into a new buffer.
  static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
    var stream = z_stream()
    precondition(czlib_deflate_init_gzip(&stream, Z_DEFAULT_COMPRESSION) == Z_OK, "zlib deflateInit2 failed")
    defer { deflateEnd(&stream) }

    var output = allocator.buffer(capacity: Int(deflateBound(&stream, uLong(input.readableBytes))) + 32)
    input.withUnsafeReadableBytes { source in
      stream.next_in = UnsafeMutablePointer(
        mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self)
      )
      stream.avail_in = uInt(source.count)
      var result: Int32 = Z_OK
      while result != Z_STREAM_END {
        output.reserveCapacity(minimumWritableBytes: 4096)
        output.writeWithUnsafeMutableBytes(minimumWritableBytes: 4096) { target in
          stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
          stream.avail_out = uInt(target.count)
          result = deflate(&stream, Z_FINISH)
          return target.count - Int(stream.avail_out)
        }
        precondition(result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR, "zlib deflate failed")
      }
    }
    return output
  }

  /// Decompresses `input`, refusing output beyond `limit` bytes (a decompression bomb guard).
  static func decompress(
    _ input: ByteBuffer,
    limit: Int,
    allocator: ByteBufferAllocator
  ) throws(Failure) -> ByteBuffer {
    var stream = z_stream()
    guard czlib_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt }
    defer { inflateEnd(&stream) }

    var output = allocator.buffer(capacity: min(max(input.readableBytes * 2, 256), limit + 1))
    let outcome: Failure? = input.withUnsafeReadableBytes { source in
      stream.next_in = UnsafeMutablePointer(
        mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self)
      )
      stream.avail_in = uInt(source.count)
      while true {
        if output.readableBytes > limit { return .tooLarge }
        var result: Int32 = Z_OK
        output.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 * 1024) { target in
          stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
          stream.avail_out = uInt(target.count)
          result = inflate(&stream, Z_NO_FLUSH)
          return target.count - Int(stream.avail_out)
        }
        switch result {
        case Z_STREAM_END:
          // Trailing bytes after the gzip member are not valid for a gRPC message.
          return stream.avail_in == 0 ? nil : .corrupt
        case Z_OK:
          continue
        case Z_BUF_ERROR:
          // No progress possible: with output space left, the input ended early (truncated).
          if stream.avail_out > 0 { return .corrupt }
          continue
        default:
          return .corrupt
        }
      }
    }
    if let outcome { throw outcome }
    if output.readableBytes > limit { throw .tooLarge }
    return output
  }
}
