import GRPCCore
import NIOCore
import Testing

@testable import RentGuyTransport

/// The receiving half of a stream on its own: what it deframes, when it stops, when the window
/// may be released, and when the consumer's sequence ends.
@Suite("stream inbound: deframing paced by the consumer")
struct StreamInboundTests {
  let allocator = ByteBufferAllocator()

  func inbound(gzip: Bool = false) -> StreamInbound {
    StreamInbound(deframer: GRPCMessageDeframer(maxMessageSize: 1 << 20, gzipEnabled: gzip, allocator: self.allocator))
  }

  func framed(_ payload: [UInt8], compressed: Bool = false) -> [UInt8] {
    var bytes: [UInt8] = [compressed ? 1 : 0]
    withUnsafeBytes(of: UInt32(payload.count).bigEndian) { bytes.append(contentsOf: $0) }
    return bytes + payload
  }

  func receive(_ bytes: [UInt8], into inbound: inout StreamInbound) -> Bool {
    bytes.withUnsafeBytes { inbound.append($0) }
  }

  @Test("a consumer that says stop gets nothing more, and the window stays closed, until it asks")
  func stopsAtTheConsumersWord() {
    var inbound = self.inbound()
    let bytes = (0..<5).flatMap { self.framed([UInt8($0)]) }
    #expect(self.receive(bytes, into: &inbound))
    var delivered: [UInt8] = []
    let outcome = inbound.deliver { message in
      delivered.append(message.bytes.readableBytesView.first ?? 0)
      return delivered.count == 2 ? .stopProducing : .produceMore
    }
    guard case .waiting = outcome else { Issue.record("expected waiting, got \(outcome)"); return }
    #expect(delivered == [0, 1])
    #expect(inbound.isPaused)
    #expect(inbound.takeReleasableBytes() == 0)

    inbound.resume()
    _ = inbound.deliver { message in
      delivered.append(message.bytes.readableBytesView.first ?? 0)
      return .produceMore
    }
    #expect(delivered == [0, 1, 2, 3, 4])
    #expect(inbound.takeReleasableBytes() == bytes.count)
    #expect(inbound.takeReleasableBytes() == 0)
  }

  @Test("compressed messages stay compressed while the consumer is behind")
  func keepsCompressedBytes() {
    var inbound = self.inbound(gzip: true)
    let big = Gzip.compress(ByteBuffer(repeating: 0, count: 512 * 1024), allocator: self.allocator)
    let message = self.framed(Array(big.readableBytesView), compressed: true)
    for _ in 0..<10 { _ = self.receive(message, into: &inbound) }
    var inflated = 0
    _ = inbound.deliver { message in
      inflated += message.bytes.readableBytes
      return .stopProducing
    }
    // One message was inflated; nine wait as the ~1 KiB each that arrived.
    #expect(inflated == 512 * 1024)
  }

  @Test("the peer's end takes effect after the messages before it")
  func endAfterTheMessages() {
    var inbound = self.inbound()
    _ = self.receive(self.framed([1]) + self.framed([2]), into: &inbound)
    inbound.markPeerEnded()
    var count = 0
    let first = inbound.deliver { _ in
      count += 1
      return .stopProducing
    }
    guard case .waiting = first else { Issue.record("ended before the second message: \(first)"); return }
    inbound.resume()
    let second = inbound.deliver { _ in
      count += 1
      return .produceMore
    }
    guard case .drained = second else { Issue.record("expected drained, got \(second)"); return }
    #expect(count == 2)
    #expect(inbound.isClosed)
  }

  @Test("a stream that ends inside a message fails, naming how much was buffered")
  func endInsideAMessage() {
    var inbound = self.inbound()
    _ = self.receive(Array(self.framed([1, 2, 3]).prefix(6)), into: &inbound)
    inbound.markPeerEnded()
    guard case .failed(let error) = inbound.deliver({ _ in .produceMore }) else {
      Issue.record("a truncated message was accepted")
      return
    }
    #expect(error.code == .internalError)
    #expect(error.message.contains("6 bytes"))
  }

  @Test("after the consumer is gone, bytes are refused and their window released at once")
  func consumerGone() {
    var inbound = self.inbound()
    _ = self.receive(self.framed([1]) + self.framed([2]), into: &inbound)
    _ = inbound.deliver { _ in .dropped }
    #expect(inbound.isClosed)
    #expect(!self.receive(self.framed([3]), into: &inbound))
    #expect(inbound.takeReleasableBytes() == 12)
  }

  @Test("an invalid message fails the sequence with the deframer's error")
  func invalidMessage() {
    var inbound = self.inbound()
    _ = self.receive([7, 0, 0, 0, 0], into: &inbound)
    guard case .failed(let error) = inbound.deliver({ _ in .produceMore }) else {
      Issue.record("an invalid flag was accepted")
      return
    }
    #expect(error.code == .internalError)
  }
}
