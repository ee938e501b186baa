import GRPCCore
import NIOCore

/// Splits the DATA bytes of one stream into gRPC length-prefixed messages
/// (1-byte compressed flag, 4-byte big-endian length, payload), decompressing where flagged.
struct GRPCMessageDeframer {
  enum Failure: Error, Equatable {
    /// A message's length prefix exceeds the receive limit.
    case messageTooLarge(length: Int, limit: Int)
    /// The compressed flag is set but the request declared no compression.
    case compressedWithoutEncoding
    /// The flag byte is neither 0 nor 1.
    case invalidFlag(UInt8)
    /// The compressed payload is not valid gzip.
    case corruptCompressedMessage
    /// The payload decompresses beyond the receive limit.
    case decompressedTooLarge(limit: Int)
  }

  struct Message {
    var bytes: ByteBuffer
    var wasCompressed: Bool
  }

  private let maxMessageSize: Int
  private let gzipEnabled: Bool
  private var buffer: ByteBuffer
  private let allocator: ByteBufferAllocator

  /// - Parameters:
  ///   - maxMessageSize: largest message accepted (compressed and decompressed).
  ///   - gzipEnabled: whether the stream negotiated `grpc-encoding: gzip`.
  init(maxMessageSize: Int, gzipEnabled: Bool, allocator: ByteBufferAllocator) {
    self.maxMessageSize = maxMessageSize
    self.gzipEnabled = gzipEnabled
    self.allocator = allocator
    self.buffer = allocator.buffer(capacity: 0)
  }

  /// Whether bytes of an incomplete message are buffered.
  var hasPartialMessage: Bool { self.buffer.readableBytes > 0 }

  /// The number of bytes buffered.
  var bufferedBytes: Int { self.buffer.readableBytes }

  mutating func append(_ bytes: UnsafeRawBufferPointer) {
    self.buffer.writeBytes(bytes)
  }

  /// The next complete message, or `nil` when more bytes are needed.
  mutating func next() throws(Failure) -> Message? {
    guard self.buffer.readableBytes >= 5,
      let flag = self.buffer.getInteger(at: self.buffer.readerIndex, as: UInt8.self),
      let length32 = self.buffer.getInteger(at: self.buffer.readerIndex + 1, as: UInt32.self)
    else { return nil }

    let length = Int(length32)
    guard flag <= 1 else { throw .invalidFlag(flag) }
    guard length <= self.maxMessageSize else {
      throw .messageTooLarge(length: length, limit: self.maxMessageSize)
    }
    if flag == 1 && !self.gzipEnabled { throw .compressedWithoutEncoding }
    guard self.buffer.readableBytes >= 5 + length else { return nil }

    self.buffer.moveReaderIndex(forwardBy: 5)
    // A full message: copy it out only when other bytes share its storage.
    var payload: ByteBuffer
    if self.buffer.readableBytes == length {
      payload = self.buffer
      self.buffer = self.allocator.buffer(capacity: 0)
    } else {
      payload = self.buffer.readSlice(length: length) ?? ByteBuffer()
      if self.buffer.readableBytes < 5 + length {
        // Start a fresh buffer for the remainder so appends don't copy the slice's storage.
        var fresh = self.allocator.buffer(capacity: self.buffer.readableBytes)
        fresh.writeBuffer(&self.buffer)
        self.buffer = fresh
      }
    }

    guard flag == 1 else { return Message(bytes: payload, wasCompressed: false) }
    do {
      let plain = try Gzip.decompress(payload, limit: self.maxMessageSize, allocator: self.allocator)
      return Message(bytes: plain, wasCompressed: true)
    } catch .tooLarge {
      throw .decompressedTooLarge(limit: self.maxMessageSize)
    } catch {
      throw .corruptCompressedMessage
    }
  }
}

extension GRPCMessageDeframer.Failure {
  /// The error this failure ends the RPC with.
  var rpcError: RPCError {
    switch self {
    case .messageTooLarge(let length, let limit):
      RPCError(code: .resourceExhausted, message: "received message of \(length) bytes exceeds the limit of \(limit) bytes")
    case .decompressedTooLarge(let limit):
      RPCError(code: .resourceExhausted, message: "decompressed message exceeds the limit of \(limit) bytes")
    case .compressedWithoutEncoding:
      RPCError(code: .internalError, message: "received a compressed message but the request declared no grpc-encoding")
    case .invalidFlag(let flag):
      RPCError(code: .internalError, message: "invalid message flag \(flag) in length prefix")
    case .corruptCompressedMessage:
      RPCError(code: .internalError, message: "compressed message could not be decompressed with gzip")
    }
  }
}
