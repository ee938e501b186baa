import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyStore
import SwiftProtobuf

/// Sessions (signed-in devices) and the audit log.
extension IdentityService {
  public func listSessions(
    request: Rentguy_Identity_V1_ListSessionsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListSessionsResponse {
    let principal = Principal.current
    let userID = request.userID.isEmpty ? (principal?.userID ?? "") : request.userID
    guard !userID.isEmpty else {
      throw IdentityError.invalidArgument("user_id", "an API key has no sessions of its own: name a user")
    }
    try Self.requireSelfOr("identity.sessions.manage", owner: userID, method: "ListSessions")
    let size = try PageToken.size(request.pageSize)
    let sessions = try await self.repository.listSessions(
      userID: userID, now: Date(), after: try PageToken.decode(request.pageToken), limit: size + 1
    )
    var response = Rentguy_Identity_V1_ListSessionsResponse()
    response.sessions = sessions.prefix(size).map { stored in
      var session = Rentguy_Identity_V1_Session()
      session.id = stored.id
      session.userID = stored.userID
      session.clientName = stored.clientName
      session.clientAddress = stored.clientAddress
      session.createdAt = Google_Protobuf_Timestamp(date: stored.createdAt)
      session.lastUsedAt = Google_Protobuf_Timestamp(date: stored.lastUsedAt)
      session.expiresAt = Google_Protobuf_Timestamp(date: stored.expiresAt)
      session.current = stored.id == principal?.sessionID
      return session
    }
    if sessions.count > size, let last = sessions.prefix(size).last { response.nextPageToken = PageToken.encode(last.id) }
    return response
  }

  public func revokeSession(
    request: Rentguy_Identity_V1_RevokeSessionRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_RevokeSessionResponse {
    guard !request.sessionID.isEmpty else { throw IdentityError.invalidArgument("session_id", "must not be empty") }
    guard let session = try await self.repository.session(id: request.sessionID) else {
      throw IdentityError(.notFound, "no session '\(request.sessionID)'")
    }
    try Self.requireSelfOr("identity.sessions.manage", owner: session.userID, method: "RevokeSession")
    let ended = try await self.repository.revokeSessions(
      userID: session.userID,
      sessionID: session.id,
      reason: "revoked",
      now: Date(),
      audit: Self.audit("RevokeSession", resource: session.id, summary: "session of \(session.userID) revoked", context)
    )
    for id in ended { self.authenticator.sessionRevoked(id) }
    return Rentguy_Identity_V1_RevokeSessionResponse()
  }

  public func listAuditEvents(
    request: Rentguy_Identity_V1_ListAuditEventsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListAuditEventsResponse {
    let size = try PageToken.size(request.pageSize)
    var before: Int64?
    if let token = try PageToken.decode(request.pageToken) {
      guard let sequence = Int64(token) else {
        throw IdentityError.invalidArgument("page_token", "is not a token this server returned")
      }
      before = sequence
    }
    let filter = AuditFilter(
      actorID: request.actorID.isEmpty ? nil : request.actorID,
      actionPrefix: request.actionPrefix.isEmpty ? nil : request.actionPrefix,
      resourceID: request.resourceID.isEmpty ? nil : request.resourceID,
      from: request.period.hasStart ? request.period.start.date : nil,
      until: request.period.hasEnd ? request.period.end.date : nil
    )
    let events = try await self.repository.listAuditEvents(filter: filter, before: before, limit: size + 1)
    var response = Rentguy_Identity_V1_ListAuditEventsResponse()
    response.events = events.prefix(size).map { stored in
      var event = Rentguy_Identity_V1_AuditEvent()
      event.id = stored.event.id
      event.occurredAt = Google_Protobuf_Timestamp(date: stored.event.occurredAt)
      event.actor.id = stored.event.entry.actorID
      event.actor.displayName = stored.event.entry.actorName
      event.action = stored.event.entry.action
      event.resourceID = stored.event.entry.resourceID
      event.outcome = stored.event.entry.outcome
      event.requestID = stored.event.entry.requestID
      event.clientAddress = stored.event.entry.clientAddress
      event.summary = stored.event.entry.summary
      event.previousHash = stored.event.previousHash
      event.hash = stored.event.hash
      return event
    }
    if events.count > size, let last = events.prefix(size).last { response.nextPageToken = PageToken.encode(String(last.sequence)) }
    return response
  }

  public func verifyAuditLog(
    request: Rentguy_Identity_V1_VerifyAuditLogRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_VerifyAuditLogResponse {
    let verification = try await self.repository.verifyAuditLog()
    var response = Rentguy_Identity_V1_VerifyAuditLogResponse()
    response.intact = verification.intact
    response.eventsChecked = Int64(verification.eventsChecked)
    response.firstBrokenEventID = verification.firstBrokenEventID ?? ""
    response.problem = verification.problem ?? ""
    return response
  }
}
