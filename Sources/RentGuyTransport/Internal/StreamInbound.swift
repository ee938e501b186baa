import GRPCCore
import NIOCore

/// The receiving half of one stream, the same on servers and clients: DATA bytes are kept as they
/// arrived (still compressed) and deframed only while the consumer's queue has room, and the
/// stream's flow-control window is released only then. What a stream holds is therefore bounded
/// by its window (raw bytes) plus the queue's watermarks plus one message, however well the
/// messages compress.
struct StreamInbound {
  /// What ``deliver(_:)`` left the stream in.
  enum Outcome {
    /// Waiting for more bytes, or for the consumer to ask for more.
    case waiting
    /// The peer ended the stream and every message was delivered: finish the consumer's sequence.
    case drained
    /// The bytes are not a valid message stream: fail the consumer's sequence with this error.
    case failed(RPCError)
  }

  private var deframer: GRPCMessageDeframer
  /// The consumer's queue is above a high watermark: deframe nothing more until it asks.
  private(set) var isPaused = false
  /// The consumer's sequence is finished or was dropped: further DATA is discarded.
  var isClosed = false
  /// The peer ended its side of the stream (END_STREAM, or trailers on a client).
  private(set) var peerEnded = false
  /// DATA bytes received but not yet released to the stream's flow-control window.
  private var unconsumedBytes = 0

  init(deframer: GRPCMessageDeframer) {
    self.deframer = deframer
  }

  /// Replaces the deframer (a client learns the response's encoding from its headers).
  mutating func use(_ deframer: GRPCMessageDeframer) {
    self.deframer = deframer
  }

  /// Keeps DATA bytes for deframing; returns `false` (the caller releases their window at once)
  /// when the consumer is gone.
  mutating func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard !self.isClosed else { return false }
    self.deframer.append(bytes)
    self.unconsumedBytes += bytes.count
    return true
  }

  /// The peer ended its side: once the buffered messages are delivered, the sequence ends.
  mutating func markPeerEnded() {
    self.peerEnded = true
  }

  /// The consumer asked for more.
  mutating func resume() {
    self.isPaused = false
  }

  /// Deframes and hands messages to `yield` until the consumer's queue says stop, the bytes run
  /// out, or the stream turns out to be invalid.
  mutating func deliver(_ yield: (GRPCMessageDeframer.Message) -> InboundYieldResult) -> Outcome {
    guard !self.isClosed else { return .waiting }
    do {
      while !self.isPaused, let message = try self.deframer.next() {
        switch yield(message) {
        case .produceMore:
          break
        case .stopProducing:
          self.isPaused = true
        case .dropped:
          self.isClosed = true
          return .waiting
        }
      }
    } catch {
      self.isClosed = true
      return .failed(error.rpcError)
    }
    guard self.peerEnded, !self.isPaused else { return .waiting }
    self.isClosed = true
    if self.deframer.hasPartialMessage {
      return .failed(
        RPCError(
          code: .internalError,
          message: "stream ended inside a message (\(self.deframer.bufferedBytes) bytes of a length-prefixed message)"
        )
      )
    }
    return .drained
  }

  /// The bytes whose flow-control window may be released now: all of them unless the consumer is
  /// behind. Resets the count.
  mutating func takeReleasableBytes() -> Int {
    guard self.unconsumedBytes > 0, !self.isPaused || self.isClosed else { return 0 }
    defer { self.unconsumedBytes = 0 }
    return self.unconsumedBytes
  }
}
