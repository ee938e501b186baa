import GRPCCore

/// One attempt at an RPC: an HTTP/2 stream on one connection.
struct ClientAttempt: Sendable {
  let inbound: ClientInboundParts
  let writer: ClientStreamWriter
  let connection: ClientConnection

  /// Whether both are the same stream on the same connection.
  func isSame(as other: ClientAttempt) -> Bool {
    self.connection.id == other.connection.id && self.writer.streamKey == other.writer.streamKey
  }
}

/// The cause of an `RPCError` for an RPC the server never saw: its stream was refused
/// (REFUSED_STREAM, or above a GOAWAY's last stream id), never sent, or its connection was
/// closing when it was opened. Such an RPC may be retried transparently.
struct NotProcessedByServer: Error, CustomStringConvertible {
  var reason: String
  var description: String { self.reason }

  /// An UNAVAILABLE error with this cause.
  static func error(_ reason: String) -> RPCError {
    RPCError(code: .unavailable, message: reason, cause: NotProcessedByServer(reason: reason))
  }

  /// Whether `error` says the server never saw the RPC.
  static func caused(_ error: any Error) -> Bool {
    (error as? RPCError)?.cause is NotProcessedByServer
  }
}
