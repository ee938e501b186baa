import Foundation
import Prometheus
import RentGuyStore

/// Publishes the durable job queue's depth on `/metrics`, read from the store at scrape time.
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `rentguy_jobs` | gauge | `queue`, `state` (pending, running, retrying, dead) |
/// | `rentguy_jobs_oldest_waiting_seconds` | gauge | `queue` |
struct JobQueueMetrics: Sendable {
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

  /// Reads the queue's numbers and sets the gauges; a failed read leaves the last values.
  func refresh(now: Date = Date()) async {
    guard let stats = try? await store.jobs.stats() else { return }
    for queue in stats {
      for state in [JobState.pending, .running, .retrying, .dead] {
        registry.makeGauge(descriptor: Self.jobs, labels: [("queue", queue.queue), ("state", state.rawValue)])
          .set(to: Double(queue.counts[state] ?? 0))
      }
      let age = queue.oldestWaitingSince.map { max(0, now.timeIntervalSince($0)) } ?? 0
      registry.makeGauge(descriptor: Self.oldestWaiting, labels: [("queue", queue.queue)]).set(to: age)
    }
  }
}
