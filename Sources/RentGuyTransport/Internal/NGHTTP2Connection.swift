internal import CNGHTTP2
import Logging
import NIOCore

/// The half of a connection handler that servers and clients share: feeding reads to
/// `nghttp2_session_mem_recv`, draining `nghttp2_session_mem_send` into coalesced writes (never
/// from inside a callback), and timers on the event loop. Everything runs on the channel's loop.
protocol NGHTTP2Connection: AnyObject {
  var session: OpaquePointer? { get }
  var context: ChannelHandlerContext? { get }
  var logger: Logger { get }
  /// Inside `mem_recv`: sending waits for `channelReadComplete`.
  var isReading: Bool { get set }
  /// Inside `mem_send`: guards against re-entrant sends.
  var isSending: Bool { get set }
  var flushScheduled: Bool { get set }
  /// Our side of the connection is closed (FIN sent); the peer's is still read until it closes.
  var isLingering: Bool { get set }
  /// The connection is torn down: nothing more is read or sent.
  var isTornDown: Bool { get }
  /// Work for after each send (and each read), outside nghttp2's callbacks.
  func afterNGHTTP2Call()
  /// Whether the connection should close now that its output is sent (a drained shutdown).
  var closesWhenSent: Bool { get }
}

extension NGHTTP2Connection {
  /// Feeds `buffer` to nghttp2. On a protocol error (bad preface, floods, CONTINUATION limits)
  /// nghttp2 has queued a GOAWAY where it can: it is sent, then the connection closes.
  func receive(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
    guard let session = self.session, !self.isTornDown else { return }
    self.isReading = true
    let result = buffer.withUnsafeReadableBytes { bytes -> Int in
      guard let base = bytes.baseAddress else { return 0 }
      return nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }
    self.isReading = false
    self.afterNGHTTP2Call()
    if result < 0 {
      let message = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: result)))
      self.logger.debug("closing connection after HTTP/2 error", metadata: ["error": "\(message)"])
      self.flush()
      context.close(promise: nil)
    }
  }

  /// Sends whatever nghttp2 has queued: one coalesced write per call. Never called from inside an
  /// nghttp2 callback (those use ``scheduleFlush()``).
  func flush() {
    assert(!self.isReading, "nghttp2_session_mem_send called from inside an nghttp2 callback")
    guard let session = self.session, let context = self.context, !self.isSending, !self.isTornDown, !self.isLingering
    else { return }
    self.isSending = true
    let sent = NGHTTP2Session.drainOutput(session, to: context)
    self.isSending = false
    self.afterNGHTTP2Call()

    if !sent {
      self.logger.debug("nghttp2 send failed; closing the connection")
      context.close(promise: nil)
    } else if nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0 || self.closesWhenSent {
      self.closeAfterLinger(context: context)
    }
  }

  /// Ends a connection whose last frame (a GOAWAY) is sent: our side closes first, then the whole
  /// connection once the peer closes its side too, or after `lingerTime`. Closing both at once
  /// while the peer's frames are still on their way answers them with a TCP reset, which can
  /// destroy the GOAWAY before the peer reads it, and with it the news that its request was
  /// never processed (and may be retried).
  func closeAfterLinger(context: ChannelHandlerContext, lingerTime: Duration = .seconds(2)) {
    guard !self.isLingering else { return }
    self.isLingering = true
    let promise = context.eventLoop.makePromise(of: Void.self)
    context.close(mode: .output, promise: promise)
    let channel = context.channel
    promise.futureResult.whenFailure { _ in channel.close(promise: nil) }
    _ = self.schedule(after: lingerTime) { connection in
      connection.context?.close(promise: nil)
    }
  }

  /// Sends on the next event-loop tick (coalescing all work queued in this one); inside a read
  /// burst, `channelReadComplete` sends instead.
  func scheduleFlush() {
    guard !self.isReading, !self.flushScheduled, let context = self.context else { return }
    self.flushScheduled = true
    context.eventLoop.assumeIsolated().execute {
      self.flushScheduled = false
      self.flush()
    }
  }

  /// Runs `body` on the event loop after `delay`, while the handler is in a pipeline.
  func schedule(after delay: Duration, _ body: @escaping (Self) -> Void) -> Scheduled<Void>? {
    guard let context = self.context else { return nil }
    return context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
      body(self)
    }
  }
}
