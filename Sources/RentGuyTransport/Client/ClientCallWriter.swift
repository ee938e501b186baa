import GRPCCore

/// The request half of a ``ClientCall`` as GRPCCore sees it: each part is kept for a possible
/// transparent retry, then written to the current attempt's stream.
struct ClientCallWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCRequestPart<HTTP2MessageBytes>

  let call: ClientCall

  func write(_ element: Element) async throws {
    let (part, bytes) = self.call.attempt.writer.part(for: element)
    try await self.send(part, bytes: bytes)
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    try? await self.send(.end, bytes: 0)
  }

  func finish(throwing error: any Error) async {
    self.call.commit()
    self.call.attempt.writer.cancel(because: error)
  }

  private func send(_ part: ClientOutboundPart, bytes: Int) async throws {
    let attempt = self.call.record(part, bytes: bytes)
    do {
      try await attempt.writer.write(part, bytes: bytes)
    } catch where self.call.absorbsWriteFailure(error, on: attempt) {
      // The stream was refused before the server saw it: the part is replayed by the retry.
    }
  }
}
