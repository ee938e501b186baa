import NIOCore

/// A connection handler that releases flow-control window as a stream's consumer takes messages.
protocol InboundDemandHandling: AnyObject {
  /// The consumer wants more messages.
  func inboundDemand(streamKey: Int)
  /// The consumer dropped its sequence.
  func inboundTerminated(streamKey: Int)
}

/// Relays an inbound sequence's demand and termination to its connection's event loop.
struct InboundDemandRelay<Handler: InboundDemandHandling>: NIOAsyncSequenceProducerDelegate {
  /// The stream's key on its connection (the HTTP/2 stream id on servers).
  let streamKey: Int
  let connection: NIOLoopBound<Handler>

  func produceMore() {
    let connection = self.connection
    let streamKey = self.streamKey
    connection.eventLoop.execute { connection.value.inboundDemand(streamKey: streamKey) }
  }

  func didTerminate() {
    let connection = self.connection
    let streamKey = self.streamKey
    connection.eventLoop.execute { connection.value.inboundTerminated(streamKey: streamKey) }
  }
}
