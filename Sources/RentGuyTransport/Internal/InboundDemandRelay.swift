import NIOCore

/// Relays an inbound sequence's demand and termination to its connection's event loop.
struct InboundDemandRelay<Handler: OutboxDraining>: Sendable {
  /// The stream's key on its connection (the HTTP/2 stream id on servers).
  let streamKey: Int
  let outbox: ConnectionOutbox<Handler>

  func produceMore() {
    self.outbox.send(Handler.demandItem(streamKey: self.streamKey))
  }

  func didTerminate() {
    self.outbox.send(Handler.terminatedItem(streamKey: self.streamKey))
  }
}
