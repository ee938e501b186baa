import GRPCCore
import Prometheus
import RentGuyServices
import RentGuyTransport
import Testing

@Suite("RPC metrics")
struct RPCMetricsTests {
  let method = MethodDescriptor(fullyQualifiedService: "rentguy.booking.v1.BookingService", method: "GetBooking")

  @Test("started and handled RPCs are counted per method and status code, with latency")
  func countsPerMethodAndCode() {
    let registry = PrometheusCollectorRegistry()
    let metrics = RPCMetrics(registry: registry)
    metrics.started(method)
    metrics.handled(method, code: .ok, duration: .milliseconds(3))
    metrics.started(method)
    metrics.handled(method, code: .notFound, duration: .milliseconds(1))

    let text = registry.emitToString()
    let labels = #"grpc_service="rentguy.booking.v1.BookingService",grpc_method="GetBooking""#
    #expect(text.contains("rentguy_grpc_server_started_total{\(labels)} 2"))
    #expect(text.contains("rentguy_grpc_server_handled_total{\(labels),grpc_code=\"OK\"} 1"))
    #expect(text.contains("rentguy_grpc_server_handled_total{\(labels),grpc_code=\"NOT_FOUND\"} 1"))
    #expect(text.contains("rentguy_grpc_server_handling_seconds_count{\(labels)} 2"))
    #expect(text.contains("rentguy_grpc_server_handling_seconds_bucket{\(labels),le=\"0.002\"} 1"))
    #expect(text.contains("rentguy_grpc_server_in_flight 0"))
    #expect(text.contains("# HELP rentguy_grpc_server_handled_total "))
  }

  @Test("status codes have their canonical names", arguments: [
    (Status.Code.ok, "OK"), (.invalidArgument, "INVALID_ARGUMENT"), (.internalError, "INTERNAL"),
    (.unimplemented, "UNIMPLEMENTED"), (.unauthenticated, "UNAUTHENTICATED"),
  ])
  func codeNames(code: Status.Code, name: String) {
    #expect(code.name == name)
  }
}
