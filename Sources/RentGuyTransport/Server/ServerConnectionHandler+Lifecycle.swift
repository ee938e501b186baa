internal import CNGHTTP2
import GRPCCore
import Logging
import NIOCore

/// Connection lifecycle: stream bookkeeping, idle and keepalive timers, graceful shutdown.
extension ServerConnectionHandler {
  // MARK: - Lifecycle

  func streamOpened(_ stream: ServerStream) {
    self.streams[stream.id] = stream
    self.idleTimer?.cancel()
    self.idleTimer = nil
  }

  func streamClosed(streamID: Int32, errorCode: UInt32) {
    guard let stream = self.streams.removeValue(forKey: streamID) else { return }
    if stream.phase == .active {
      // A completed response may still have an open request side (we reset it after trailers).
      let error =
        stream.responseComplete
        ? nil : RPCError(code: .cancelled, message: "stream reset by client (HTTP/2 error code \(errorCode))")
      if let cancellation = stream.close(error: error) {
        self.deferredCancellations.append(cancellation)
      }
    }
    if self.streams.isEmpty {
      self.startIdleTimer()
      if self.lifecycle == .closing {
        self.scheduleFlush()
      }
    }
  }

  func startIdleTimer() {
    guard let maxIdle = self.config.connection.maxIdleTime, self.lifecycle == .active else { return }
    self.idleTimer?.cancel()
    self.idleTimer = self.schedule(after: maxIdle) { handler in
      guard handler.streams.isEmpty else { return }
      handler.logger.debug("closing idle connection")
      // The same two-step GOAWAY as a shutdown: a stream the client opens while the notice is
      // on its way is still served, instead of being lost with the connection.
      handler.beginGracefulShutdown()
    }
  }

  func scheduleKeepalive() {
    guard let interval = self.config.connection.keepaliveInterval else { return }
    self.keepaliveTimer?.cancel()
    self.keepaliveTimer = self.schedule(after: interval) { handler in
      handler.sendKeepalivePing()
    }
  }

  func sendKeepalivePing() {
    guard let session = self.session, self.lifecycle != .closed else { return }
    var payload = UInt64(0).bigEndian
    withUnsafeBytes(of: &payload) { bytes in
      _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
    }
    self.keepaliveTimeoutTimer = self.schedule(after: self.config.connection.keepaliveTimeout) { handler in
      handler.logger.debug("closing connection: keepalive PING not acknowledged")
      handler.context?.close(promise: nil)
    }
    self.flush()
  }

  /// Called when the peer acknowledges one of our PINGs.
  func receivedPingAck(payload: UInt64) {
    if payload == Self.shutdownPingPayload {
      if self.lifecycle == .draining { self.sendFinalGoAway() }
      return
    }
    self.keepaliveTimeoutTimer?.cancel()
    self.keepaliveTimeoutTimer = nil
    self.scheduleKeepalive()
  }

  /// Graceful shutdown: announce it, let in-flight RPCs finish, refuse new ones, then close.
  func beginGracefulShutdown() {
    guard let session = self.session, self.lifecycle == .active else { return }
    self.lifecycle = .draining
    self.idleTimer?.cancel()
    // GOAWAY(2^31-1) first, then a PING: when it comes back the client has seen the notice and
    // the final GOAWAY can name the last stream this server will process.
    nghttp2_submit_shutdown_notice(session)
    var payload = Self.shutdownPingPayload.bigEndian
    withUnsafeBytes(of: &payload) { bytes in
      _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
    }
    self.shutdownTimer = self.schedule(after: .seconds(1)) { handler in
      if handler.lifecycle == .draining { handler.sendFinalGoAway() }
    }
    self.graceTimer = self.schedule(after: self.config.connection.shutdownGracePeriod) { handler in
      handler.cancelAllStreams()
    }
    self.flush()
  }

  func sendFinalGoAway() {
    guard let session = self.session, self.lifecycle == .active || self.lifecycle == .draining else { return }
    self.lifecycle = .closing
    let lastStreamID = nghttp2_session_get_last_proc_stream_id(session)
    nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStreamID, NGHTTP2_NO_ERROR.rawValue, nil, 0)
    // Called from a timer or from inside `mem_recv` (the PING acknowledgement): never send here.
    self.scheduleFlush()
  }

  func cancelAllStreams() {
    guard let session = self.session else { return }
    for id in self.streams.keys {
      nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_CANCEL.rawValue)
    }
    self.lifecycle = .closing
    self.flush()
    self.context?.close(promise: nil)
  }

  func tearDown() {
    guard self.lifecycle != .closed else { return }
    self.lifecycle = .closed
    for timer in [self.handshakeTimer, self.idleTimer, self.keepaliveTimer, self.keepaliveTimeoutTimer, self.shutdownTimer, self.graceTimer] {
      timer?.cancel()
    }
    // Streams nghttp2 closed during the last read or send, then those still open.
    self.runDeferredCancellations()
    let reason = RPCError(code: .unavailable, message: "connection closed")
    for stream in self.streams.values where stream.phase == .active && !stream.responseComplete {
      stream.close(error: reason)?.cancel()
    }
    self.streams.removeAll()
    self.rpcs.finish()
  }
}
