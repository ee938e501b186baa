public import Hummingbird
public import Prometheus

/// The REST shim's operational routes:
///
/// - `GET /healthz`: 200 while the process runs (liveness).
/// - `GET /readyz`: 200 when the server can take traffic, 503 with the reasons otherwise
///   (readiness: the store answers and gRPC is SERVING; 503 from the start of a shutdown).
/// - `GET /metrics`: every metric in Prometheus text format 0.0.4.
public struct ShimRoutes: Sendable {
  /// The Prometheus content type of `/metrics`.
  public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

  private let registry: PrometheusCollectorRegistry
  private let readiness: @Sendable () async -> Readiness
  private let beforeScrape: @Sendable () async -> Void

  /// Routes reporting `registry`, asking `readiness` on each `/readyz`, and running
  /// `beforeScrape` before each `/metrics` (to refresh gauges read from the store).
  public init(
    registry: PrometheusCollectorRegistry,
    readiness: @escaping @Sendable () async -> Readiness,
    beforeScrape: @escaping @Sendable () async -> Void = {}
  ) {
    self.registry = registry
    self.readiness = readiness
    self.beforeScrape = beforeScrape
  }

  /// Adds the routes to `router`.
  public func add<Context: RequestContext>(to router: Router<Context>) {
    router.get("healthz") { _, _ in
      Self.text("ok\n", status: .ok)
    }
    router.get("readyz") { _, _ in
      let readiness = await self.readiness()
      if readiness.isReady {
        return Self.text("ready\n", status: .ok)
      }
      return Self.text("not ready: " + readiness.problems.joined(separator: "; ") + "\n", status: .serviceUnavailable)
    }
    router.get("metrics") { _, _ in
      await self.beforeScrape()
      let bytes = self.registry.emitToBuffer()
      return Response(
        status: .ok,
        headers: [.contentType: Self.metricsContentType],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
      )
    }
  }

  private static func text(_ text: String, status: HTTPResponse.Status) -> Response {
    Response(
      status: status,
      headers: [.contentType: "text/plain; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text))
    )
  }
}
