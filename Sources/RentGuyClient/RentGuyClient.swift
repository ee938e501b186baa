public import GRPCCore
public import RentGuyProto
public import RentGuyTransport

/// Typed access to every RentGuy service over one HTTP/2 connection (nghttp2 transport).
///
/// ```swift
/// try await RentGuyClient.withClient(.defaults { $0.token = token }) { client in
///   let health = try await client.health.check(.with { $0.service = "" })
/// }
/// ```
public struct RentGuyClient: Sendable {
  /// The underlying GRPCCore client, for calls the typed accessors don't cover.
  public let grpc: GRPCClient<NGHTTP2ClientTransport>

  /// `rentguy.identity.v1.IdentityService`.
  public var identity: Rentguy_Identity_V1_IdentityService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `rentguy.booking.v1.BookingService`.
  public var booking: Rentguy_Booking_V1_BookingService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `rentguy.warehouse.v1.WarehouseService`.
  public var warehouse: Rentguy_Warehouse_V1_WarehouseService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `rentguy.payment.v1.PaymentService`.
  public var payment: Rentguy_Payment_V1_PaymentService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `rentguy.jobs.v1.JobService`.
  public var jobs: Rentguy_Jobs_V1_JobService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `rentguy.webhooks.v1.WebhookService`.
  public var webhooks: Rentguy_Webhooks_V1_WebhookService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `rentguy.export.v1.ExportService`.
  public var export: Rentguy_Export_V1_ExportService.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }
  /// `grpc.health.v1.Health`.
  public var health: Grpc_Health_V1_Health.Client<NGHTTP2ClientTransport> { .init(wrapping: grpc) }

  /// How long connections may take to close once the work is done.
  static let shutdownGrace: Duration = .seconds(10)

  /// Connects with `configuration`, runs `body`, then closes the connection (after in-flight
  /// calls; cut off if it has not closed ``shutdownGrace`` later). The connection is made
  /// lazily, on the first call.
  public static func withClient<Result: Sendable>(
    _ configuration: ClientConfiguration,
    _ body: (RentGuyClient) async throws -> Result
  ) async throws -> Result {
    var transportConfig = NGHTTP2ClientTransport.Config.defaults
    if let timeout = configuration.defaultTimeout {
      transportConfig.serviceConfig.methodConfig = [
        MethodConfig(names: [MethodConfig.Name(service: "")], timeout: timeout)
      ]
    }
    let transport = try NGHTTP2ClientTransport(
      target: configuration.server.target,
      security: configuration.security,
      config: transportConfig
    )
    let client = GRPCClient(
      transport: transport,
      interceptors: configuration.token.map { [BearerTokenInterceptor(token: $0)] } ?? []
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await client.runConnections() }
      let result: Result
      do {
        result = try await body(RentGuyClient(grpc: client))
      } catch {
        client.beginGracefulShutdown()
        throw error
      }
      client.beginGracefulShutdown()
      // The work is done: the connections get a grace to close (GOAWAY, the peer's close), and
      // are cut off after it, so that a peer that never closes its side cannot keep a caller
      // (a CLI command that already printed its answer) waiting.
      group.addTask { try? await Task.sleep(for: Self.shutdownGrace) }
      _ = try? await group.next()
      group.cancelAll()
      return result
    }
  }
}
