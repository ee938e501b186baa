public import GRPCCore
public import NIOCore

/// The bytes of one serialized gRPC message, backed by a NIO `ByteBuffer` so that messages move
/// between the socket and the protobuf coder without being copied into arrays.
public struct HTTP2MessageBytes: GRPCContiguousBytes, Sendable, Hashable {
  /// The message bytes (its readable bytes).
  public var buffer: ByteBuffer

  /// Wraps an existing buffer.
  public init(_ buffer: ByteBuffer) {
    self.buffer = buffer
  }

  /// Creates `count` copies of `byte`.
  public init(repeating byte: UInt8, count: Int) {
    self.buffer = ByteBuffer(repeating: byte, count: count)
  }

  /// Copies a sequence of bytes.
  public init<Bytes: Sequence>(_ sequence: Bytes) where Bytes.Element == UInt8 {
    self.buffer = ByteBuffer(bytes: sequence)
  }

  /// The number of bytes.
  public var count: Int { self.buffer.readableBytes }

  /// Calls `body` with the bytes.
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try self.buffer.withUnsafeReadableBytes(body)
  }

  /// Calls `body` with the bytes, mutably.
  public mutating func withUnsafeMutableBytes<R>(
    _ body: (UnsafeMutableRawBufferPointer) throws -> R
  ) rethrows -> R {
    try self.buffer.withUnsafeMutableReadableBytes(body)
  }
}
