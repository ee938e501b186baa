import NIOCore
import Synchronization

/// A connection handler that takes work from handler tasks through a ``ConnectionOutbox``.
protocol OutboxDraining: AnyObject, SendableMetatype {
  associatedtype OutboxItem: Sendable
  /// Processes everything queued since the last drain (on the event loop), then sends.
  func drainOutbox()
  /// The item that tells the connection a stream's consumer wants more messages.
  static func demandItem(streamKey: Int) -> OutboxItem
  /// The item that tells the connection a stream's consumer dropped its sequence.
  static func terminatedItem(streamKey: Int) -> OutboxItem
}

/// The queue from a connection's handler tasks to its event loop. Items pushed between two
/// event-loop ticks are delivered by one scheduled task, however many streams pushed them: a
/// unary RPC's headers, message, status and end cost one hop to the event loop, not four.
final class ConnectionOutbox<Handler: OutboxDraining>: Sendable {
  private struct Queue {
    var items: [Handler.OutboxItem] = []
    var drainScheduled = false
  }

  private let queue = Mutex(Queue())
  let connection: NIOLoopBound<Handler>

  init(connection: NIOLoopBound<Handler>) {
    self.connection = connection
  }

  /// Queues `item`, scheduling a drain on the event loop if none is pending.
  func send(_ item: Handler.OutboxItem) {
    let schedule = self.queue.withLock { queue -> Bool in
      queue.items.append(item)
      guard !queue.drainScheduled else { return false }
      queue.drainScheduled = true
      return true
    }
    if schedule {
      let connection = self.connection
      connection.eventLoop.execute { connection.value.drainOutbox() }
    }
  }

  /// Takes everything queued (on the event loop, from `drainOutbox`).
  func take() -> [Handler.OutboxItem] {
    self.queue.withLock { queue in
      queue.drainScheduled = false
      defer { queue.items.removeAll(keepingCapacity: true) }
      return queue.items
    }
  }
}
