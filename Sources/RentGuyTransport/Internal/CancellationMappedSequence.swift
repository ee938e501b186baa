import GRPCCore

/// Wraps an inbound sequence so that task cancellation surfaces as `RPCError(.cancelled)`, the
/// error GRPCCore expects from transports, instead of `CancellationError`.
struct CancellationMappedSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable {
  typealias Element = Base.Element

  let base: Base

  struct AsyncIterator: AsyncIteratorProtocol {
    var base: Base.AsyncIterator

    mutating func next() async throws -> Element? {
      do {
        return try await self.base.next()
      } catch is CancellationError {
        throw RPCError(code: .cancelled, message: "the RPC was cancelled")
      }
    }
  }

  func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(base: self.base.makeAsyncIterator())
  }
}
