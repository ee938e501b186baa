import NIOCore
import Synchronization

/// The parts of one RPC travelling from its connection's event loop to the RPC's task: a queue
/// with watermarks in messages and in (decompressed) bytes. When the consumer has drained it below
/// both low watermarks after the producer was told to stop, the connection is asked (through its
/// outbox) to deliver more; when the consumer goes away early, the connection is told so.
///
/// A small concrete type instead of NIO's generic `NIOThrowingAsyncSequenceProducer`: on the hot
/// path of every RPC, unspecialised generic storage cost more in metadata lookups than the queue.
final class InboundQueue<Element: Sendable, Handler: OutboxDraining>: AsyncSequence, Sendable {
  private struct State {
    var buffer = CircularBuffer<Element>(initialCapacity: 4)
    /// The byte size of each buffered element, in the same order.
    var sizes = CircularBuffer<Int>(initialCapacity: 4)
    var bufferedBytes = 0
    var waiter: UnsafeContinuation<Element?, any Error>?
    var finished = false
    var failure: (any Error)?
    var producerPaused = false
    var consumerGone = false
    var cancelled = false
  }

  private let state = Mutex(State())
  private let watermarks: InboundWatermarks
  private let relay: InboundDemandRelay<Handler>

  init(watermarks: InboundWatermarks, relay: InboundDemandRelay<Handler>) {
    self.watermarks = watermarks.normalized
    self.relay = relay
  }

  // MARK: - Producer (event loop)

  private enum YieldOutcome {
    case resume(UnsafeContinuation<Element?, any Error>)
    case result(InboundYieldResult)
  }

  /// Adds `element`, which holds `bytes` bytes (0 for metadata and status).
  func yield(_ element: Element, bytes: Int = 0) -> InboundYieldResult {
    let outcome = self.state.withLock { state -> YieldOutcome in
      if state.consumerGone || state.finished { return .result(.dropped) }
      if let waiter = state.waiter {
        state.waiter = nil
        return .resume(waiter)
      }
      state.buffer.append(element)
      state.sizes.append(bytes)
      state.bufferedBytes += bytes
      if state.buffer.count >= self.watermarks.messagesHigh || state.bufferedBytes >= self.watermarks.bytesHigh {
        state.producerPaused = true
        return .result(.stopProducing)
      }
      return .result(.produceMore)
    }
    switch outcome {
    case .resume(let waiter):
      waiter.resume(returning: element)
      return .produceMore
    case .result(let result):
      return result
    }
  }

  /// Ends the sequence after the buffered elements, with `error` if given.
  func finish(_ error: (any Error)? = nil) {
    let waiter = self.state.withLock { state -> UnsafeContinuation<Element?, any Error>? in
      guard !state.finished else { return nil }
      state.finished = true
      state.failure = error
      defer { state.waiter = nil }
      return state.waiter
    }
    guard let waiter else { return }
    if let error {
      waiter.resume(throwing: error)
    } else {
      waiter.resume(returning: nil)
    }
  }

  // MARK: - Consumer (the RPC's task)

  private enum Next {
    case element(Element, demand: Bool)
    case end
    case failure(any Error)
    case wait
  }

  /// Takes the next element without suspending, if the outcome is already known.
  private func poll(_ state: inout State) -> Next {
    if let element = state.buffer.popFirst() {
      state.bufferedBytes -= state.sizes.removeFirst()
      let demand =
        state.producerPaused && state.buffer.count <= self.watermarks.messagesLow
        && state.bufferedBytes <= self.watermarks.bytesLow
      if demand { state.producerPaused = false }
      return .element(element, demand: demand)
    }
    if state.finished {
      if let failure = state.failure {
        state.failure = nil
        return .failure(failure)
      }
      return .end
    }
    if state.cancelled { return .failure(CancellationError()) }
    return .wait
  }

  fileprivate func next() async throws -> Element? {
    let next = self.state.withLock { self.poll(&$0) }
    switch next {
    case .element(let element, let demand):
      if demand { self.relay.produceMore() }
      return element
    case .end:
      return nil
    case .failure(let error):
      throw error
    case .wait:
      return try await self.suspendForNext()
    }
  }

  private func suspendForNext() async throws -> Element? {
    try await withTaskCancellationHandler {
      try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Element?, any Error>) in
        let next = self.state.withLock { state -> Next in
          let next = self.poll(&state)
          if case .wait = next { state.waiter = continuation }
          return next
        }
        switch next {
        case .element(let element, let demand):
          if demand { self.relay.produceMore() }
          continuation.resume(returning: element)
        case .end:
          continuation.resume(returning: nil)
        case .failure(let error):
          continuation.resume(throwing: error)
        case .wait:
          break
        }
      }
    } onCancel: {
      let waiter = self.state.withLock { state -> UnsafeContinuation<Element?, any Error>? in
        state.cancelled = true
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// The consumer stopped before the end: discard what is buffered and tell the connection.
  fileprivate func consumerWentAway() {
    let notify = self.state.withLock { state -> Bool in
      guard !state.consumerGone else { return false }
      state.consumerGone = true
      state.buffer.removeAll()
      state.sizes.removeAll()
      state.bufferedBytes = 0
      return !state.finished || state.cancelled
    }
    if notify { self.relay.didTerminate() }
  }

  // MARK: - AsyncSequence

  final class AsyncIterator: AsyncIteratorProtocol {
    private let queue: InboundQueue
    private var ended = false

    fileprivate init(queue: InboundQueue) {
      self.queue = queue
    }

    func next() async throws -> Element? {
      guard !self.ended else { return nil }
      do {
        let element = try await self.queue.next()
        if element == nil { self.ended = true }
        return element
      } catch {
        self.ended = true
        if error is CancellationError { self.queue.consumerWentAway() }
        throw error
      }
    }

    deinit {
      if !self.ended { self.queue.consumerWentAway() }
    }
  }

  func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(queue: self)
  }
}

/// What the producer of an ``InboundQueue`` should do next.
enum InboundYieldResult {
  case produceMore
  case stopProducing
  /// The consumer is gone; the element was discarded.
  case dropped
}

/// When an ``InboundQueue`` tells its producer to stop, and when it asks for more.
struct InboundWatermarks: Sendable {
  var messagesLow: Int
  var messagesHigh: Int
  var bytesLow: Int
  var bytesHigh: Int

  /// Low watermarks of at least 0 and high ones above them, so that a stopped producer is
  /// always resumed once the consumer has drained the queue.
  var normalized: Self {
    let messagesLow = Swift.max(self.messagesLow, 0)
    let bytesLow = Swift.max(self.bytesLow, 0)
    return Self(
      messagesLow: messagesLow,
      messagesHigh: Swift.max(self.messagesHigh, messagesLow + 1),
      bytesLow: bytesLow,
      bytesHigh: Swift.max(self.bytesHigh, bytesLow + 1)
    )
  }
}
