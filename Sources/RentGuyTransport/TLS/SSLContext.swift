internal import COpenSSL
import Foundation

/// An OpenSSL `SSL_CTX`, configured once and shared by the connections that use it.
final class SSLContext: @unchecked Sendable {
  // SSL_CTX is reference counted and safe to use from several threads once configured.
  let pointer: OpaquePointer

  private init(pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    SSL_CTX_free(self.pointer)
  }

  static func server(_ config: ServerTLSConfig) throws(TLSError) -> SSLContext {
    guard let ctx = SSL_CTX_new(TLS_server_method()) else { throw TLSError("SSL_CTX_new failed") }
    let context = SSLContext(pointer: ctx)
    try context.applyCommonSettings()
    try context.useCertificate(chain: config.certificateChainPath, key: config.privateKeyPath)
    // Sessions are resumable only within this context's purpose; without an id context OpenSSL
    // aborts a TLS 1.2 resumption when client certificates are verified.
    let sessionContext = Array("rentguy-grpc".utf8)
    guard SSL_CTX_set_session_id_context(ctx, sessionContext, UInt32(sessionContext.count)) == 1 else {
      throw TLSError("cannot set the TLS session id context: \(Self.lastError())")
    }
    if let caPath = config.clientCertificateCAPath {
      guard SSL_CTX_load_verify_locations(ctx, caPath, nil) == 1 else {
        throw TLSError("cannot load client CA '\(caPath)': \(Self.lastError())")
      }
      if let names = SSL_load_client_CA_file(caPath) {
        SSL_CTX_set_client_CA_list(ctx, names)
      }
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
    }
    SSL_CTX_set_alpn_select_cb(ctx, selectH2, nil)
    return context
  }

  static func client(_ config: ClientTLSConfig) throws(TLSError) -> SSLContext {
    guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw TLSError("SSL_CTX_new failed") }
    let context = SSLContext(pointer: ctx)
    try context.applyCommonSettings()
    if let caPath = config.trustedCAPath {
      guard SSL_CTX_load_verify_locations(ctx, caPath, nil) == 1 else {
        throw TLSError("cannot load trusted CA '\(caPath)': \(Self.lastError())")
      }
    } else {
      SSL_CTX_set_default_verify_paths(ctx)
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
    if let chain = config.certificateChainPath, let key = config.privateKeyPath {
      try context.useCertificate(chain: chain, key: key)
    }
    let protocols: [UInt8] = [2, UInt8(ascii: "h"), UInt8(ascii: "2")]
    guard SSL_CTX_set_alpn_protos(ctx, protocols, UInt32(protocols.count)) == 0 else {
      throw TLSError("cannot set ALPN")
    }
    return context
  }

  private func applyCommonSettings() throws(TLSError) {
    guard copenssl_SSL_CTX_set_min_proto_version(self.pointer, TLS1_2_VERSION) == 1 else {
      throw TLSError("cannot require TLS 1.2")
    }
    SSL_CTX_set_options(self.pointer, copenssl_SSL_OP_NO_COMPRESSION() | copenssl_SSL_OP_NO_RENEGOTIATION())
  }

  private func useCertificate(chain: String, key: String) throws(TLSError) {
    guard SSL_CTX_use_certificate_chain_file(self.pointer, chain) == 1 else {
      throw TLSError("cannot load certificate chain '\(chain)': \(Self.lastError())")
    }
    guard SSL_CTX_use_PrivateKey_file(self.pointer, key, SSL_FILETYPE_PEM) == 1 else {
      throw TLSError("cannot load private key '\(key)': \(Self.lastError())")
    }
    guard SSL_CTX_check_private_key(self.pointer) == 1 else {
      throw TLSError("private key '\(key)' does not match the certificate '\(chain)'")
    }
  }

  /// The oldest queued OpenSSL error, as text (and clears the queue).
  static func lastError() -> String {
    let code = ERR_get_error()
    ERR_clear_error()
    guard code != 0 else { return "unknown error" }
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// ALPN on servers: pick `h2` or fail the handshake (gRPC requires HTTP/2).
private func selectH2(
  _ ssl: OpaquePointer?,
  _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
  _ outLength: UnsafeMutablePointer<UInt8>?,
  _ input: UnsafePointer<UInt8>?,
  _ inputLength: UInt32,
  _ arg: UnsafeMutableRawPointer?
) -> Int32 {
  guard let input, let out, let outLength else { return SSL_TLSEXT_ERR_ALERT_FATAL }
  var offset = 0
  let total = Int(inputLength)
  while offset < total {
    let length = Int(input[offset])
    let start = offset + 1
    guard start + length <= total else { break }
    if length == 2 && input[start] == UInt8(ascii: "h") && input[start + 1] == UInt8(ascii: "2") {
      out.pointee = input + start
      outLength.pointee = 2
      return SSL_TLSEXT_ERR_OK
    }
    offset = start + length
  }
  return SSL_TLSEXT_ERR_ALERT_FATAL
}
