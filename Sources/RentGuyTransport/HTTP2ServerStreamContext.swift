public import GRPCCore
import Synchronization

/// Per-RPC controls that the nghttp2 server transport offers to handlers through
/// `ServerContext.transportSpecific`.
///
/// ```swift
/// if let stream = context.transportSpecific as? HTTP2ServerStreamContext {
///   stream.compressResponses = true
/// }
/// ```
public final class HTTP2ServerStreamContext: ServerContext.TransportSpecific {
  private struct State {
    var compressResponses: Bool
    var lastRequestWasCompressed = false
    /// Whether the response headers announced `grpc-encoding: gzip`.
    var announcedGzip = false
  }

  private let state: Mutex<State>

  /// Whether the client accepts gzip-compressed responses (it sent `grpc-accept-encoding: gzip`
  /// and the server has gzip enabled).
  public let clientAcceptsCompression: Bool

  init(compressResponses: Bool, clientAcceptsCompression: Bool) {
    self.state = Mutex(State(compressResponses: compressResponses && clientAcceptsCompression))
    self.clientAcceptsCompression = clientAcceptsCompression
  }

  /// Whether response messages written from now on are gzip-compressed. Setting it has no
  /// effect when the client does not accept gzip.
  public var compressResponses: Bool {
    get { self.state.withLock { $0.compressResponses } }
    set {
      let accepted = self.clientAcceptsCompression
      self.state.withLock { $0.compressResponses = newValue && accepted }
    }
  }

  /// Whether the most recent request message delivered to the handler arrived compressed.
  public var lastRequestWasCompressed: Bool {
    self.state.withLock { $0.lastRequestWasCompressed }
  }

  /// Called when the response headers are written: announces gzip if compression is on now.
  func announceResponseEncoding() -> Bool {
    self.state.withLock { state in
      state.announcedGzip = state.compressResponses
      return state.announcedGzip
    }
  }

  /// Whether the next response message is to be compressed.
  var compressNextResponse: Bool {
    self.state.withLock { $0.announcedGzip && $0.compressResponses }
  }

  func recordRequest(compressed: Bool) {
    self.state.withLock { $0.lastRequestWasCompressed = compressed }
  }
}
