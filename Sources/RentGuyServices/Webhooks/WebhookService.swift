import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyProviders
public import RentGuyStore
import SwiftProtobuf

/// WebhookService: partner endpoints (their URL, event types and signing secret) and the
/// deliveries made to them. Deliveries are made by ``WebhookDispatcher`` and ``DeliveryJob``.
public struct WebhookService: Rentguy_Webhooks_V1_WebhookService.SimpleServiceProtocol {
  let repository: any IntegrationRepository
  let jobsWoken: JobSignal

  static let service = "rentguy.webhooks.v1.WebhookService/"
  /// How long a rotated secret keeps signing beside the new one.
  static let rotationOverlap: Int64 = 24 * 3_600_000

  public init(repository: any IntegrationRepository, jobsWoken: JobSignal) {
    self.repository = repository
    self.jobsWoken = jobsWoken
  }

  func mutate<T: Sendable>(_ method: String, _ context: ServerContext, _ body: @escaping @Sendable (any IntegrationDatabase, Mutation) throws -> T)
    async throws -> T
  {
    let mutation = Mutation(method: Self.service + method, clientAddress: context.remotePeer)
    do {
      let result = try await self.repository.write { db in try body(db, mutation) }
      self.jobsWoken.notify()
      return result
    } catch let error as StoreError {
      throw IntegrationError.store(error)
    }
  }

  public func createEndpoint(
    request: Rentguy_Webhooks_V1_CreateEndpointRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_CreateEndpointResponse {
    let url = try Self.url(request.url)
    let types = try Self.eventTypes(request.eventTypes)
    guard request.description_p.count <= 500 else { throw IntegrationError.invalidArgument("description", "has more than 500 characters") }
    return try await self.mutate("CreateEndpoint", context) { db, mutation in
      let secret = StandardWebhookSignature.newSecret()
      let endpoint = StoredEndpoint(
        id: Identifier.make("whe"), url: url, eventTypes: types, description: request.description_p, secret: secret, createdAt: mutation.now
      )
      try WebhookDispatcher.startingNow(in: db, enabling: endpoint.id)
      try db.insertEndpoint(endpoint)
      try mutation.audit(endpoint.id, "webhook endpoint \(url) for \(types.joined(separator: ", "))", in: db)
      return try mutation.respond(
        Rentguy_Webhooks_V1_CreateEndpointResponse.with {
          $0.endpoint = Self.proto(endpoint)
          $0.secret = secret
        }
      )
    }
  }

  public func getEndpoint(request: Rentguy_Webhooks_V1_GetEndpointRequest, context: ServerContext) async throws -> Rentguy_Webhooks_V1_GetEndpointResponse {
    let id = request.endpointID
    guard let endpoint = try await self.repository.read({ db in try db.endpoint(id) }) else { throw IntegrationError.notFound("webhook endpoint", id) }
    return .with { $0.endpoint = Self.proto(endpoint) }
  }

  public func listEndpoints(
    request: Rentguy_Webhooks_V1_ListEndpointsRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_ListEndpointsResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let after = try BookingService.pageStart(request.pageToken)
    let found = try await self.repository.read { db in try db.endpoints(after: after, limit: size + 1) }
    let page = BookingService.page(found, size: size, id: \.id)
    return .with {
      $0.endpoints = page.items.map(Self.proto)
      $0.nextPageToken = page.next
    }
  }

  public func updateEndpoint(
    request: Rentguy_Webhooks_V1_UpdateEndpointRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_UpdateEndpointResponse {
    let id = try BookingService.required(request.endpoint.id, field: "endpoint.id")
    let paths = request.updateMask.paths
    guard !paths.isEmpty else { throw IntegrationError.invalidArgument("update_mask", "names no field") }
    for path in paths where !["url", "event_types", "description", "enabled"].contains(path) {
      throw IntegrationError.invalidArgument("update_mask", "'\(path)' cannot be changed (url, event_types, description, enabled)")
    }
    let url = paths.contains("url") ? try Self.url(request.endpoint.url) : nil
    let types = paths.contains("event_types") ? try Self.eventTypes(request.endpoint.eventTypes) : nil
    return try await self.mutate("UpdateEndpoint", context) { db, mutation in
      guard var endpoint = try db.endpoint(id) else { throw IntegrationError.notFound("webhook endpoint", id) }
      if request.expectedVersion != 0, request.expectedVersion != endpoint.version {
        throw IntegrationError(
          .aborted, "expected_version: endpoint \(id) is at version \(endpoint.version), not \(request.expectedVersion); read it again",
          reason: .versionMismatch
        )
      }
      if let url { endpoint.url = url }
      if let types { endpoint.eventTypes = types }
      if paths.contains("description") { endpoint.description = String(request.endpoint.description_p.prefix(500)) }
      if paths.contains("enabled") {
        if request.endpoint.enabled && !endpoint.enabled { try WebhookDispatcher.startingNow(in: db, enabling: id) }
        endpoint.enabled = request.endpoint.enabled
      }
      endpoint.updatedAt = mutation.now
      try db.updateEndpoint(endpoint)
      endpoint.version += 1
      try mutation.audit(id, "changed \(paths.joined(separator: ", "))", in: db)
      return try mutation.respond(Rentguy_Webhooks_V1_UpdateEndpointResponse.with { $0.endpoint = Self.proto(endpoint) })
    }
  }

  public func deleteEndpoint(
    request: Rentguy_Webhooks_V1_DeleteEndpointRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_DeleteEndpointResponse {
    let id = request.endpointID
    return try await self.mutate("DeleteEndpoint", context) { db, mutation in
      guard try db.endpoint(id) != nil else { throw IntegrationError.notFound("webhook endpoint", id) }
      try db.deleteEndpoint(id)
      try mutation.audit(id, "removed webhook endpoint", in: db)
      return try mutation.respond(Rentguy_Webhooks_V1_DeleteEndpointResponse())
    }
  }

  public func rotateEndpointSecret(
    request: Rentguy_Webhooks_V1_RotateEndpointSecretRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_RotateEndpointSecretResponse {
    let id = request.endpointID
    return try await self.mutate("RotateEndpointSecret", context) { db, mutation in
      guard var endpoint = try db.endpoint(id) else { throw IntegrationError.notFound("webhook endpoint", id) }
      let secret = StandardWebhookSignature.newSecret()
      endpoint.previousSecret = endpoint.secret
      endpoint.previousSecretExpiresAt = mutation.now + Self.rotationOverlap
      endpoint.secret = secret
      endpoint.updatedAt = mutation.now
      try db.updateEndpoint(endpoint)
      endpoint.version += 1
      try mutation.audit(id, "rotated the signing secret", in: db)
      return try mutation.respond(
        Rentguy_Webhooks_V1_RotateEndpointSecretResponse.with {
          $0.endpoint = Self.proto(endpoint)
          $0.secret = secret
        }
      )
    }
  }

  public func listDeliveries(
    request: Rentguy_Webhooks_V1_ListDeliveriesRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_ListDeliveriesResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let before = try BookingService.pageStart(request.pageToken)
    for status in request.statuses where ![1, 2, 3].contains(status.rawValue) {
      throw IntegrationError.invalidArgument("statuses", "\(status) is not a delivery status")
    }
    let found = try await self.repository.read { db in
      try db.deliveries(
        endpointID: request.endpointID.isEmpty ? nil : request.endpointID, statuses: request.statuses.map(\.rawValue),
        eventType: request.eventType.isEmpty ? nil : request.eventType, before: before, limit: size + 1
      )
    }
    let page = BookingService.page(found, size: size, id: \.id)
    return .with {
      $0.deliveries = page.items.map { Self.proto($0, full: false) }
      $0.nextPageToken = page.next
    }
  }

  public func getDelivery(request: Rentguy_Webhooks_V1_GetDeliveryRequest, context: ServerContext) async throws -> Rentguy_Webhooks_V1_GetDeliveryResponse {
    let id = request.deliveryID
    guard let delivery = try await self.repository.read({ db in try db.delivery(id) }) else { throw IntegrationError.notFound("delivery", id) }
    return .with { $0.delivery = Self.proto(delivery, full: true) }
  }

  public func redeliverDelivery(
    request: Rentguy_Webhooks_V1_RedeliverDeliveryRequest, context: ServerContext
  ) async throws -> Rentguy_Webhooks_V1_RedeliverDeliveryResponse {
    let id = request.deliveryID
    return try await self.mutate("RedeliverDelivery", context) { db, mutation in
      guard var delivery = try db.delivery(id) else { throw IntegrationError.notFound("delivery", id) }
      guard try db.endpoint(delivery.endpointID) != nil else {
        throw IntegrationError.state("the endpoint of delivery \(id) was removed", state: "FAILED")
      }
      delivery.status = 1
      delivery.deliveredAt = nil
      try db.updateDelivery(delivery)
      try db.enqueue(NewJob(queue: WebhookDispatcher.queue, kind: DeliveryJob.kind, resourceID: id, maxAttempts: DeliveryJob.attempts))
      try mutation.audit(id, "redelivery", in: db)
      return try mutation.respond(Rentguy_Webhooks_V1_RedeliverDeliveryResponse.with { $0.delivery = Self.proto(delivery, full: true) })
    }
  }

  // MARK: - Rules and conversions

  static func url(_ text: String) throws -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.utf8.count <= 2000, let url = URL(string: trimmed), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
      throw IntegrationError.invalidArgument("url", "must be an absolute http(s) URL")
    }
    return trimmed
  }

  static func eventTypes(_ types: [String]) throws -> [String] {
    guard !types.isEmpty else { throw IntegrationError.invalidArgument("event_types", "name at least one event type, or \"*\"") }
    for type in types where type != "*" && !WebhookEvents.all.contains(type) {
      throw IntegrationError.invalidArgument("event_types", "'\(type)' is not an event type (e.g. \(WebhookEvents.all.prefix(3).joined(separator: ", ")), or *)")
    }
    return Array(Set(types)).sorted()
  }

  static func proto(_ endpoint: StoredEndpoint) -> Rentguy_Webhooks_V1_Endpoint {
    .with {
      $0.id = endpoint.id
      $0.url = endpoint.url
      $0.eventTypes = endpoint.eventTypes
      $0.description_p = endpoint.description
      $0.enabled = endpoint.enabled
      $0.version = endpoint.version
      $0.createdAt = Google_Protobuf_Timestamp(milliseconds: endpoint.createdAt)
      $0.updatedAt = Google_Protobuf_Timestamp(milliseconds: endpoint.updatedAt)
      if let until = endpoint.previousSecretExpiresAt { $0.previousSecretExpiresAt = Google_Protobuf_Timestamp(milliseconds: until) }
    }
  }

  static func proto(_ delivery: StoredDelivery, full: Bool) -> Rentguy_Webhooks_V1_Delivery {
    .with {
      $0.id = delivery.id
      $0.endpointID = delivery.endpointID
      $0.eventType = delivery.eventType
      $0.eventSequence = delivery.eventSequence
      $0.status = Rentguy_Webhooks_V1_DeliveryStatus(rawValue: delivery.status) ?? .unspecified
      $0.createdAt = Google_Protobuf_Timestamp(milliseconds: delivery.createdAt)
      if let at = delivery.deliveredAt { $0.deliveredAt = Google_Protobuf_Timestamp(milliseconds: at) }
      if full {
        $0.payload = delivery.payload
        $0.attempts = delivery.attempts.map { attempt in
          .with {
            $0.at = Google_Protobuf_Timestamp(milliseconds: attempt.at)
            $0.httpStatus = Int32(attempt.httpStatus)
            $0.error = attempt.error
            $0.durationMs = Int32(attempt.durationMs)
          }
        }
      }
    }
  }
}
