public import GRPCCore
import RentGuyProto
import RentGuyStore

/// The gate on every RPC but health: finds the RPC's access rule in the contract
/// (`RPCAccessRules`), authenticates the `authorization` metadata, checks the permission, and
/// runs the handler with ``Principal/current`` set. An RPC without a rule is denied.
///
/// UNAUTHENTICATED without a valid credential, PERMISSION_DENIED without the permission, both
/// with a `google.rpc.ErrorInfo` reason, before the handler (or UNIMPLEMENTED) is reached.
public struct AuthInterceptor: ServerInterceptor {
  private let authenticator: Authenticator
  private let recheckInterval: Duration
  private let onDenied: @Sendable (_ method: String, _ principal: Principal?, _ error: IdentityError, _ peer: String) async -> Void

  /// - Parameter onDenied: called for every refusal (the audit log records them).
  /// - Parameter recheckInterval: how often an open stream's credential is checked again.
  public init(
    authenticator: Authenticator,
    recheckInterval: Duration = .seconds(1),
    onDenied: @escaping @Sendable (_ method: String, _ principal: Principal?, _ error: IdentityError, _ peer: String) async -> Void = { _, _, _, _ in }
  ) {
    self.authenticator = authenticator
    self.recheckInterval = recheckInterval
    self.onDenied = onDenied
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    // The request's correlation id, for the audit log: the client's `x-request-id` (printable,
    // at most 128 characters) or a new one.
    let given = request.metadata[stringValues: "x-request-id"].first(where: { _ in true }) ?? ""
    let requestID =
      !given.isEmpty && given.count <= 128 && given.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
      ? given : Identifier.make("req")
    return try await AuditEntry.$currentRequestID.withValue(requestID) {
      try await self.authorize(request: request, context: context, requestID: requestID, next: next)
    }
  }

  private func authorize<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    requestID: String,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    if context.descriptor.service.fullyQualifiedService == "grpc.health.v1.Health" {
      return try await next(request, context)
    }
    let method = context.descriptor.fullyQualifiedMethod
    guard let rule = RPCAccessRules.rules["/" + method] else {
      throw RPCError(code: .permissionDenied, message: "\(method) declares no access rule: denied")
    }
    if rule == .public {
      return try await next(request, context)
    }

    let principal: Principal
    do {
      principal = try await self.authenticator.principal(
        authorization: request.metadata[stringValues: "authorization"].first(where: { _ in true })
      )
      if case .permission(let permission) = rule, !principal.permissions.contains(permission) {
        let error = IdentityError.permissionMissing(permission, method: method)
        await self.onDenied(method, principal, error, context.remotePeer)
        throw error
      }
    } catch let error as IdentityError {
      if error.code == .unauthenticated {
        await self.onDenied(method, nil, error, context.remotePeer)
      }
      throw RPCError(error)
    }

    var response = try await Principal.$current.withValue(principal) {
      try await next(request, context)
    }
    // A streaming handler runs in the response's producer, after `next` returned: the producer
    // sees the principal and request id too. A long-lived stream also keeps checking its
    // credential: expired or revoked, it ends UNAUTHENTICATED (checked every `recheckInterval`).
    let watches = context.descriptor.isStreamingResponse
    let authenticator = self.authenticator
    let interval = self.recheckInterval
    if case .success(var contents) = response.accepted {
      let producer = contents.producer
      contents.producer = { writer in
        try await AuditEntry.$currentRequestID.withValue(requestID) {
          try await Principal.$current.withValue(principal) {
            guard watches else { return try await producer(writer) }
            return try await withThrowingTaskGroup(of: Metadata?.self) { group in
              group.addTask { try await producer(writer) }
              group.addTask {
                while true {
                  try await Task.sleep(for: interval)
                  if let reason = await authenticator.stillValid(principal) { throw RPCError(reason) }
                }
              }
              defer { group.cancelAll() }
              while let result = try await group.next() {
                if let trailers = result { return trailers }
              }
              return [:]
            }
          }
        }
      }
      response.accepted = .success(contents)
    }
    return response
  }
}

extension MethodDescriptor {
  /// Whether the RPC's response is a stream (server-streaming or bidirectional): the contract's
  /// long-lived streams.
  var isStreamingResponse: Bool {
    RPCAccessRules.streamingResponses.contains("/" + self.fullyQualifiedMethod)
  }
}
