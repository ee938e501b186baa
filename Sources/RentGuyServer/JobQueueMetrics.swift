import Foundation
import Prometheus
import RentGuyStore
import Synchronization

/// Publishes the durable job queue's depth on `/metrics`, read from the store at scrape time.
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `rentguy_jobs` | gauge | `queue`, `state` (pending, running, retrying, dead) |
/// | `rentguy_jobs_oldest_waiting_seconds` | gauge | `queue` |
final class JobQueueMetrics: Sendable {
  private static var jobs: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "rentguy", metricName: "jobs", unitName: "",
      helpText: "Jobs in the durable queue, per queue and state (succeeded jobs are not counted)."
    )
  }
  private static var oldestWaiting: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "rentguy", metricName: "jobs_oldest_waiting", unitName: "seconds",
      helpText: "Age of the oldest pending or retrying job, per queue (0 when none wait)."
    )
  }

  let registry: PrometheusCollectorRegistry
  let store: Store
  /// Queues published so far: a queue that has emptied is published as zeros, not left stale.
  private let published = Mutex<Set<String>>([])

  /// - Parameter queues: the queues this server works, published (as zeros) before their first job.
  init(registry: PrometheusCollectorRegistry, store: Store, queues: [String] = []) {
    self.registry = registry
    self.store = store
    self.published.withLock { $0.formUnion(queues) }
  }

  /// Reads the queue's depth and sets the gauges; a failed read leaves the last values.
  func refresh(now: Date = Date()) async {
    guard let depths = try? await store.jobs.depths() else { return }
    let queues = published.withLock { published in
      published.formUnion(depths.map(\.queue))
      return published
    }
    let byQueue = Dictionary(uniqueKeysWithValues: depths.map { ($0.queue, $0) })
    for queue in queues {
      let stats = byQueue[queue] ?? QueueStats(queue: queue)
      for state in [JobState.pending, .running, .retrying, .dead] {
        registry.makeGauge(descriptor: Self.jobs, labels: [("queue", queue), ("state", state.rawValue)])
          .set(to: Double(stats.counts[state] ?? 0))
      }
      let age = stats.oldestWaitingSince.map { max(0, now.timeIntervalSince($0)) } ?? 0
      registry.makeGauge(descriptor: Self.oldestWaiting, labels: [("queue", queue)]).set(to: age)
    }
  }
}
