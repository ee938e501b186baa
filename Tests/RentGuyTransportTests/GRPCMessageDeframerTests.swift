import NIOCore
import Testing

@testable import RentGuyTransport

@Suite("length-prefixed message deframing")
struct GRPCMessageDeframerTests {
  let allocator = ByteBufferAllocator()

  func framed(_ payload: [UInt8], flag: UInt8 = 0) -> [UInt8] {
    var bytes: [UInt8] = [flag]
    withUnsafeBytes(of: UInt32(payload.count).bigEndian) { bytes.append(contentsOf: $0) }
    return bytes + payload
  }

  @Test("messages split across chunks in any way come out whole and in order")
  func splitAnywhere() throws {
    let stream = self.framed([1, 2, 3]) + self.framed([]) + self.framed(Array(repeating: 9, count: 1000))
    for chunkSize in [1, 2, 5, 7, 1000, stream.count] {
      var deframer = GRPCMessageDeframer(maxMessageSize: 4096, gzipEnabled: false, allocator: self.allocator)
      var messages: [[UInt8]] = []
      var offset = 0
      while offset < stream.count {
        let end = min(offset + chunkSize, stream.count)
        stream[offset..<end].withUnsafeBytes { deframer.append($0) }
        offset = end
        while let message = try deframer.next() {
          messages.append(Array(message.bytes.readableBytesView))
        }
      }
      #expect(messages == [[1, 2, 3], [], Array(repeating: 9, count: 1000)], "chunk size \(chunkSize)")
      #expect(!deframer.hasPartialMessage)
    }
  }

  @Test("a length prefix above the limit fails before the payload arrives")
  func tooLarge() {
    var deframer = GRPCMessageDeframer(maxMessageSize: 10, gzipEnabled: false, allocator: self.allocator)
    ([0, 0, 0, 0, 11] as [UInt8]).withUnsafeBytes { deframer.append($0) }
    #expect(throws: GRPCMessageDeframer.Failure.messageTooLarge(length: 11, limit: 10)) { try deframer.next() }
  }

  @Test("a compressed message without grpc-encoding is an error")
  func compressedWithoutEncoding() {
    var deframer = GRPCMessageDeframer(maxMessageSize: 10, gzipEnabled: false, allocator: self.allocator)
    self.framed([1], flag: 1).withUnsafeBytes { deframer.append($0) }
    #expect(throws: GRPCMessageDeframer.Failure.compressedWithoutEncoding) { try deframer.next() }
  }

  @Test("gzip messages are decompressed, and bombs are stopped at the limit")
  func gzip() throws {
    let plain = ByteBuffer(repeating: 7, count: 5000)
    let compressed = Array(Gzip.compress(plain, allocator: self.allocator).readableBytesView)

    var deframer = GRPCMessageDeframer(maxMessageSize: 8192, gzipEnabled: true, allocator: self.allocator)
    self.framed(compressed, flag: 1).withUnsafeBytes { deframer.append($0) }
    let message = try #require(try deframer.next())
    #expect(message.wasCompressed)
    #expect(message.bytes == plain)

    var small = GRPCMessageDeframer(maxMessageSize: 4096, gzipEnabled: true, allocator: self.allocator)
    self.framed(compressed, flag: 1).withUnsafeBytes { small.append($0) }
    #expect(throws: GRPCMessageDeframer.Failure.decompressedTooLarge(limit: 4096)) { try small.next() }
  }

  @Test("corrupt and truncated gzip is reported, never trapped on", arguments: [0, 10, 20])
  func corruptGzip(truncateTo: Int) {
    let compressed = Array(Gzip.compress(ByteBuffer(repeating: 1, count: 100), allocator: self.allocator).readableBytesView)
    let payload = truncateTo == 0 ? [UInt8](repeating: 0xAB, count: 30) : Array(compressed.prefix(truncateTo))
    var deframer = GRPCMessageDeframer(maxMessageSize: 4096, gzipEnabled: true, allocator: self.allocator)
    self.framed(payload, flag: 1).withUnsafeBytes { deframer.append($0) }
    #expect(throws: GRPCMessageDeframer.Failure.corruptCompressedMessage) { try deframer.next() }
  }

  @Test("an invalid flag byte is an error")
  func invalidFlag() {
    var deframer = GRPCMessageDeframer(maxMessageSize: 10, gzipEnabled: true, allocator: self.allocator)
    self.framed([1], flag: 2).withUnsafeBytes { deframer.append($0) }
    #expect(throws: GRPCMessageDeframer.Failure.invalidFlag(2)) { try deframer.next() }
  }
}
