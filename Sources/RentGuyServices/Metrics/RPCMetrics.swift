public import GRPCCore
public import Prometheus

/// The gRPC server's Prometheus metrics: RPCs started and handled per method, their status
/// codes, and how long they took.
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `rentguy_grpc_server_started_total` | counter | `grpc_service`, `grpc_method` |
/// | `rentguy_grpc_server_handled_total` | counter | `grpc_service`, `grpc_method`, `grpc_code` |
/// | `rentguy_grpc_server_handling_seconds` | histogram | `grpc_service`, `grpc_method` |
/// | `rentguy_grpc_server_in_flight` | gauge | — |
public struct RPCMetrics: Sendable {
  /// Histogram buckets for RPC latency: 0.5 ms to 10 s.
  public static let latencyBuckets: [Duration] = [
    .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
    .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
    .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
  ]

  private static var started: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "rentguy", subsystem: "grpc_server", metricName: "started", unitName: "total",
    helpText: "RPCs started on the server, per method."
  ) }
  private static var handled: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "rentguy", subsystem: "grpc_server", metricName: "handled", unitName: "total",
    helpText: "RPCs completed on the server, per method and gRPC status code."
  ) }
  private static var handling: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "rentguy", subsystem: "grpc_server", metricName: "handling", unitName: "seconds",
    helpText: "Time from the start of an RPC to its status, per method."
  ) }
  private static var inFlight: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "rentguy", subsystem: "grpc_server", metricName: "in_flight", unitName: "",
    helpText: "RPCs being handled right now."
  ) }

  private let registry: PrometheusCollectorRegistry
  private let inFlightGauge: Gauge

  /// Metrics recorded into `registry`.
  public init(registry: PrometheusCollectorRegistry) {
    self.registry = registry
    self.inFlightGauge = registry.makeGauge(descriptor: Self.inFlight)
  }

  /// Records the start of an RPC.
  public func started(_ method: MethodDescriptor) {
    registry.makeCounter(descriptor: Self.started, labels: labels(method)).increment()
    inFlightGauge.increment()
  }

  /// Records the end of an RPC with its status code and duration.
  public func handled(_ method: MethodDescriptor, code: Status.Code, duration: Duration) {
    inFlightGauge.decrement()
    registry.makeCounter(
      descriptor: Self.handled,
      labels: labels(method) + [("grpc_code", Self.name(of: code))]
    ).increment()
    registry.makeDurationHistogram(
      descriptor: Self.handling,
      labels: labels(method),
      buckets: Self.latencyBuckets
    ).record(duration)
  }

  private func labels(_ method: MethodDescriptor) -> [(String, String)] {
    [("grpc_service", method.service.fullyQualifiedService), ("grpc_method", method.method)]
  }

  /// The canonical upper-case name of a status code ("OK", "NOT_FOUND", …).
  public static func name(of code: Status.Code) -> String {
    switch code {
    case .ok: "OK"
    case .cancelled: "CANCELLED"
    case .unknown: "UNKNOWN"
    case .invalidArgument: "INVALID_ARGUMENT"
    case .deadlineExceeded: "DEADLINE_EXCEEDED"
    case .notFound: "NOT_FOUND"
    case .alreadyExists: "ALREADY_EXISTS"
    case .permissionDenied: "PERMISSION_DENIED"
    case .resourceExhausted: "RESOURCE_EXHAUSTED"
    case .failedPrecondition: "FAILED_PRECONDITION"
    case .aborted: "ABORTED"
    case .outOfRange: "OUT_OF_RANGE"
    case .unimplemented: "UNIMPLEMENTED"
    case .internalError: "INTERNAL"
    case .unavailable: "UNAVAILABLE"
    case .dataLoss: "DATA_LOSS"
    case .unauthenticated: "UNAUTHENTICATED"
    default: "CODE_\(code.rawValue)"
    }
  }
}
