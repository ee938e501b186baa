internal import COpenSSL
import NIOCore

/// TLS inside the NIO pipeline on the system OpenSSL: two memory BIOs stand between the socket
/// and `SSL_read`/`SSL_write`. Plaintext written before the handshake completes (nghttp2's
/// SETTINGS) is held back; after the handshake the negotiated ALPN protocol must be `h2`.
final class OpenSSLHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let context: SSLContext  // keeps the SSL_CTX alive as long as the SSL
  private var ssl: OpaquePointer?
  private let readBIO: OpaquePointer
  private let writeBIO: OpaquePointer
  private let isServer: Bool
  private var handshakeDone = false
  private var failed = false
  private var heldWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
  private var handshakePromise: EventLoopPromise<Void>?
  private var pendingPlaintextFlush = false
  private let handshakeTimeout: Duration?
  private var handshakeTimer: Scheduled<Void>?

  /// Completes when the handshake succeeded with ALPN `h2`; fails otherwise.
  private(set) var handshakeCompleted: EventLoopFuture<Void>?

  /// - Parameters:
  ///   - serverName: on clients, the name the server's certificate must match: a DNS name (also
  ///     sent as SNI) or an IPv4/IPv6 address (brackets and an IPv6 zone are ignored). Required:
  ///     a client without one refuses to connect rather than accept any trusted certificate.
  ///   - handshakeTimeout: the handshake fails (and the connection closes) if it has not
  ///     completed this long after the handler was added; `nil` for no limit.
  init(
    context: SSLContext,
    isServer: Bool,
    serverName: String? = nil,
    handshakeTimeout: Duration? = nil
  ) throws(TLSError) {
    guard let ssl = SSL_new(context.pointer) else { throw TLSError("SSL_new failed") }
    guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
      SSL_free(ssl)
      throw TLSError("BIO_new failed")
    }
    SSL_set_bio(ssl, readBIO, writeBIO)  // the SSL owns both BIOs from here
    self.context = context
    self.ssl = ssl
    self.readBIO = readBIO
    self.writeBIO = writeBIO
    self.isServer = isServer
    self.handshakeTimeout = handshakeTimeout
    if isServer {
      SSL_set_accept_state(ssl)
    } else {
      SSL_set_connect_state(ssl)
      // `deinit` frees the SSL if this throws.
      try Self.requireIdentity(TLSPeerIdentity(serverName), on: ssl)
    }
  }

  /// Makes the handshake fail unless the server's certificate matches `identity`. Every OpenSSL
  /// call is checked: a name that cannot be set must not leave the identity unchecked.
  private static func requireIdentity(_ identity: TLSPeerIdentity, on ssl: OpaquePointer) throws(TLSError) {
    switch identity {
    case .ipAddress(let address):
      guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), address) == 1 else {
        throw TLSError("cannot verify the server as IP address '\(address)': \(SSLContext.lastError())")
      }
    case .dnsName(let name):
      guard copenssl_SSL_set_tlsext_host_name(ssl, name) == 1 else {
        throw TLSError("cannot send '\(name)' as the TLS server name: \(SSLContext.lastError())")
      }
      guard SSL_set1_host(ssl, name) == 1 else {
        throw TLSError("cannot verify the server as '\(name)': \(SSLContext.lastError())")
      }
    case .invalid(let reason):
      throw TLSError(reason)
    }
  }

  deinit {
    if let ssl { SSL_free(ssl) }
  }

  // MARK: - Lifecycle

  func handlerAdded(context: ChannelHandlerContext) {
    let promise = context.eventLoop.makePromise(of: Void.self)
    self.handshakePromise = promise
    self.handshakeCompleted = promise.futureResult
    if let timeout = self.handshakeTimeout {
      self.handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
        guard !self.handshakeDone else { return }
        self.fail(context: context, TLSError("TLS handshake did not complete within \(timeout)"))
      }
    }
    if context.channel.isActive && !self.isServer {
      self.advanceHandshake(context: context)
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.handshakeTimer?.cancel()
    self.handshakePromise?.fail(TLSError("connection closed before the TLS handshake completed"))
    self.handshakePromise = nil
    for (_, promise) in self.heldWrites { promise?.fail(ChannelError.ioOnClosedChannel) }
    self.heldWrites.removeAll()
  }

  func channelActive(context: ChannelHandlerContext) {
    if !self.isServer { self.advanceHandshake(context: context) }
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.handshakePromise?.fail(TLSError("connection closed before the TLS handshake completed"))
    self.handshakePromise = nil
    context.fireChannelInactive()
  }

  // MARK: - Inbound

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !self.failed else { return }
    var ciphertext = self.unwrapInboundIn(data)
    while ciphertext.readableBytes > 0 {
      let written = ciphertext.withUnsafeReadableBytes { bytes in
        BIO_write(self.readBIO, bytes.baseAddress, Int32(clamping: bytes.count))
      }
      guard written > 0 else { break }
      ciphertext.moveReaderIndex(forwardBy: Int(written))
    }
    if !self.handshakeDone {
      self.advanceHandshake(context: context)
    }
    if self.handshakeDone {
      self.readPlaintext(context: context)
    }
    self.flushCiphertext(context: context, flush: true)
  }

  private func readPlaintext(context: ChannelHandlerContext) {
    guard let ssl = self.ssl else { return }
    while true {
      var buffer = context.channel.allocator.buffer(capacity: 16 * 1024)
      var errorCode: Int32 = 0
      let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 * 1024) { target in
        let result = SSL_read(ssl, target.baseAddress, Int32(clamping: target.count))
        if result <= 0 {
          errorCode = SSL_get_error(ssl, result)
          return 0
        }
        return Int(result)
      }
      if count > 0 {
        context.fireChannelRead(self.wrapInboundOut(buffer))
        continue
      }
      switch errorCode {
      case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
        return
      case SSL_ERROR_ZERO_RETURN:
        context.close(promise: nil)  // close_notify from the peer
        return
      default:
        self.fail(context: context, TLSError("read failed: \(SSLContext.lastError())"))
        return
      }
    }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    context.fireChannelReadComplete()
  }

  // MARK: - Handshake

  private func advanceHandshake(context: ChannelHandlerContext) {
    guard let ssl = self.ssl, !self.handshakeDone, !self.failed else { return }
    let result = SSL_do_handshake(ssl)
    if result == 1 {
      var protocolPointer: UnsafePointer<UInt8>?
      var length: UInt32 = 0
      SSL_get0_alpn_selected(ssl, &protocolPointer, &length)
      let negotiated = protocolPointer.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self) }
      guard negotiated == "h2" else {
        self.fail(context: context, TLSError("ALPN negotiated '\(negotiated ?? "nothing")'; gRPC requires h2"))
        return
      }
      self.handshakeDone = true
      self.handshakeTimer?.cancel()
      self.handshakePromise?.succeed()
      self.handshakePromise = nil
      // Release what the HTTP/2 layer wrote while the handshake was running.
      let held = self.heldWrites
      self.heldWrites.removeAll()
      for (plaintext, promise) in held {
        self.encrypt(plaintext, promise: promise, context: context)
      }
      self.flushCiphertext(context: context, flush: true)
      return
    }
    switch SSL_get_error(ssl, result) {
    case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
      self.flushCiphertext(context: context, flush: true)
    default:
      self.flushCiphertext(context: context, flush: true)  // send the alert
      self.fail(context: context, TLSError("handshake failed: \(SSLContext.lastError())"))
    }
  }

  private func fail(context: ChannelHandlerContext, _ error: TLSError) {
    guard !self.failed else { return }
    self.failed = true
    self.handshakePromise?.fail(error)
    self.handshakePromise = nil
    context.fireErrorCaught(error)
    context.close(promise: nil)
  }

  // MARK: - Outbound

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    let plaintext = self.unwrapOutboundIn(data)
    guard self.handshakeDone else {
      self.heldWrites.append((plaintext, promise))
      return
    }
    self.encrypt(plaintext, promise: promise, context: context)
  }

  private func encrypt(_ plaintext: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
    guard let ssl = self.ssl else {
      promise?.fail(ChannelError.ioOnClosedChannel)
      return
    }
    var remaining = plaintext
    while remaining.readableBytes > 0 {
      let written = remaining.withUnsafeReadableBytes { bytes in
        SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
      }
      guard written > 0 else {
        promise?.fail(TLSError("write failed: \(SSLContext.lastError())"))
        return
      }
      remaining.moveReaderIndex(forwardBy: Int(written))
    }
    self.flushCiphertext(context: context, flush: false, promise: promise)
  }

  func flush(context: ChannelHandlerContext) {
    guard self.handshakeDone else { return }
    context.flush()
  }

  func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
    if mode != .input, let ssl = self.ssl, self.handshakeDone, !self.failed {
      _ = SSL_shutdown(ssl)  // queue close_notify
      self.flushCiphertext(context: context, flush: true)
    }
    context.close(mode: mode, promise: promise)
  }

  /// Moves everything OpenSSL produced to the socket.
  private func flushCiphertext(context: ChannelHandlerContext, flush: Bool, promise: EventLoopPromise<Void>? = nil) {
    let pending = Int(copenssl_BIO_pending(self.writeBIO))
    guard pending > 0 else {
      promise?.succeed()
      if flush { context.flush() }
      return
    }
    var buffer = context.channel.allocator.buffer(capacity: pending)
    buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { target in
      Int(max(0, BIO_read(self.writeBIO, target.baseAddress, Int32(clamping: pending))))
    }
    if flush {
      context.writeAndFlush(self.wrapOutboundOut(buffer), promise: promise)
    } else {
      context.write(self.wrapOutboundOut(buffer), promise: promise)
    }
  }
}
