public import GRPCCore
public import Prometheus
import RentGuyTransport
import Synchronization

/// The gRPC server's Prometheus metrics: RPCs started and handled per method, their status
/// codes, and how long they took.
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `rentguy_grpc_server_started_total` | counter | `grpc_service`, `grpc_method` |
/// | `rentguy_grpc_server_handled_total` | counter | `grpc_service`, `grpc_method`, `grpc_code` |
/// | `rentguy_grpc_server_handling_seconds` | histogram | `grpc_service`, `grpc_method` |
/// | `rentguy_grpc_server_in_flight` | gauge | — |
public final class RPCMetrics: Sendable {
  /// Histogram buckets for RPC latency: 0.5 ms to 10 s.
  public static let latencyBuckets: [Duration] = [
    .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
    .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
    .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
  ]

  private static var started: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "rentguy", subsystem: "grpc_server", metricName: "started", unitName: "total",
      helpText: "RPCs started on the server, per method."
    )
  }
  private static var handled: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "rentguy", subsystem: "grpc_server", metricName: "handled", unitName: "total",
      helpText: "RPCs completed on the server, per method and gRPC status code."
    )
  }
  private static var handling: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "rentguy", subsystem: "grpc_server", metricName: "handling", unitName: "seconds",
      helpText: "Time from the start of an RPC to its status, per method."
    )
  }
  private static var inFlight: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "rentguy", subsystem: "grpc_server", metricName: "in_flight", unitName: "",
      helpText: "RPCs being handled right now."
    )
  }

  /// One method's collectors, looked up once per RPC under one lock instead of one registry
  /// lookup (descriptor, labels, lock) per metric.
  private final class MethodCollectors: Sendable {
    let labels: [(String, String)]
    let started: Counter
    let handling: DurationHistogram
    let handled: Mutex<[Status.Code: Counter]>

    init(_ method: MethodDescriptor, registry: PrometheusCollectorRegistry) {
      labels = [("grpc_service", method.service.fullyQualifiedService), ("grpc_method", method.method)]
      started = registry.makeCounter(descriptor: RPCMetrics.started, labels: labels)
      handling = registry.makeDurationHistogram(
        descriptor: RPCMetrics.handling, labels: labels, buckets: RPCMetrics.latencyBuckets
      )
      handled = Mutex([:])
    }
  }

  private let registry: PrometheusCollectorRegistry
  private let inFlightGauge: Gauge
  private let collectors = Mutex<[MethodDescriptor: MethodCollectors]>([:])

  /// Metrics recorded into `registry`.
  public init(registry: PrometheusCollectorRegistry) {
    self.registry = registry
    self.inFlightGauge = registry.makeGauge(descriptor: Self.inFlight)
  }

  /// Records the start of an RPC.
  public func started(_ method: MethodDescriptor) {
    collectors(for: method).started.increment()
    inFlightGauge.increment()
  }

  /// Records the end of an RPC with its status code and duration.
  public func handled(_ method: MethodDescriptor, code: Status.Code, duration: Duration) {
    inFlightGauge.decrement()
    let method = collectors(for: method)
    method.handled.withLock { counters in
      if let counter = counters[code] { return counter }
      let counter = registry.makeCounter(
        descriptor: Self.handled, labels: method.labels + [("grpc_code", code.name)]
      )
      counters[code] = counter
      return counter
    }.increment()
    method.handling.record(duration)
  }

  private func collectors(for method: MethodDescriptor) -> MethodCollectors {
    collectors.withLock { collectors in
      if let existing = collectors[method] { return existing }
      let created = MethodCollectors(method, registry: registry)
      collectors[method] = created
      return created
    }
  }
}
