import GRPCCore

/// The response half of a ``ClientCall``: the current attempt's response parts. When the first
/// attempt fails before any response part because the server never saw it, the call is retried
/// once and the parts come from the second attempt.
struct ClientCallInbound: AsyncSequence, Sendable {
  typealias Element = RPCResponsePart<HTTP2MessageBytes>

  let call: ClientCall

  final class AsyncIterator: AsyncIteratorProtocol {
    private let call: ClientCall
    private var attempt: ClientAttempt
    private var base: ClientInboundParts.AsyncIterator
    private var committed = false

    init(call: ClientCall) {
      self.call = call
      self.attempt = call.attempt
      self.base = self.attempt.inbound.makeAsyncIterator()
    }

    func next() async throws -> Element? {
      while true {
        do {
          let part = try await self.base.next()
          if !self.committed {
            self.committed = true
            self.call.commit()
          }
          return part
        } catch where !self.committed && NotProcessedByServer.caused(error) {
          guard let next = try await self.call.retry(after: self.attempt) else { throw error }
          self.attempt = next
          self.base = next.inbound.makeAsyncIterator()
        }
      }
    }
  }

  func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(call: self.call)
  }
}
