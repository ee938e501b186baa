import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Crew planning: people with the crew role, assigned to bookings in a function; they answer
/// and see their own assignments with their own token.
extension BookingService {
  public func assignCrew(request: Rentguy_Booking_V1_AssignCrewRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_AssignCrewResponse {
    let bookingID = try Self.required(request.bookingID, field: "booking_id")
    let userID = try Self.required(request.userID, field: "user_id")
    switch request.function {
    case .unspecified, .UNRECOGNIZED: throw BookingError.invalidArgument("function", "must be a crew function")
    default: break
    }
    let period = request.hasPeriod ? TimeWindow(start: request.period.start.milliseconds, end: request.period.end.milliseconds) : nil
    if let period, period.end <= period.start { throw BookingError.invalidArgument("period", "must end after it starts") }
    return try await self.mutate("AssignCrew", context) { db, mutation in
      var booking = try Self.load(bookingID, expected: 0, db)
      let state = try Self.state(booking)
      guard ![.canceled, .closed, .expired].contains(state) else {
        throw BookingError(.failedPrecondition, "the booking is \(state.name): crew can no longer be assigned", reason: .stateConflict)
      }
      guard let member = try db.crewMember(userID), member.active else {
        throw BookingError.invalidArgument("user_id", "'\(userID)' is not an active user")
      }
      guard member.isCrew else { throw BookingError(.failedPrecondition, "\(member.displayName) does not have the crew role", reason: .stateConflict) }
      guard member.functions.contains(request.function.rawValue) else {
        throw BookingError(
          .failedPrecondition, "\(member.displayName) does not work as \(Self.functionName(request.function)) (see their crew profile)",
          reason: .stateConflict
        )
      }
      let window = period ?? TimeWindow(start: booking.planningStart, end: booking.planningEnd)
      let overlapping = try db.assignments(bookingID: nil, userID: userID, overlapping: (window.start, window.end), after: "", limit: 10)
        .filter { $0.status != Rentguy_Booking_V1_AssignmentStatus.declined.rawValue }
      if let other = overlapping.first, !request.allowOverlap {
        throw BookingError(
          .failedPrecondition,
          "\(member.displayName) is already assigned to booking \(other.bookingID) in an overlapping period (assignment \(other.id))",
          reason: .crewConflict, info: ["assignment_id": other.id]
        )
      }
      let assignment = StoredAssignment(
        id: Identifier.make("asg"), bookingID: booking.id, userID: userID, function: request.function.rawValue, start: window.start,
        end: window.end, notes: String(request.notes.prefix(2000)), overlapOverridden: !overlapping.isEmpty
      )
      try db.insertAssignment(assignment)
      booking.updatedAt = mutation.now
      try mutation.event(.crewAssigned, booking, in: db)
      let override = overlapping.isEmpty ? "" : " (overlap overridden)"
      try mutation.audit(booking.id, "assigned \(member.displayName) as \(Self.functionName(request.function))\(override)", in: db)
      return try mutation.respond(.with { $0.assignment = Rentguy_Booking_V1_CrewAssignment(assignment, displayName: member.displayName) })
    }
  }

  public func unassignCrew(
    request: Rentguy_Booking_V1_UnassignCrewRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UnassignCrewResponse {
    let id = try Self.required(request.assignmentID, field: "assignment_id")
    return try await self.mutate("UnassignCrew", context) { db, mutation in
      guard let assignment = try db.assignment(id) else { throw BookingError.notFound("assignment", id) }
      try db.deleteAssignment(id)
      if let booking = try db.booking(assignment.bookingID) { try mutation.event(.crewUnassigned, booking, in: db) }
      try mutation.audit(assignment.bookingID, "took \(assignment.userID) off (assignment \(id))", in: db)
      return try mutation.respond(Rentguy_Booking_V1_UnassignCrewResponse())
    }
  }

  public func respondToAssignment(
    request: Rentguy_Booking_V1_RespondToAssignmentRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_RespondToAssignmentResponse {
    let id = try Self.required(request.assignmentID, field: "assignment_id")
    let caller = try Self.caller()
    return try await self.mutate("RespondToAssignment", context) { db, mutation in
      guard var assignment = try db.assignment(id) else { throw BookingError.notFound("assignment", id) }
      guard caller.userID == assignment.userID else {
        throw BookingError(.permissionDenied, "only the assigned crew member may answer assignment \(id)", reason: .permissionMissing)
      }
      assignment.status = (request.accept ? Rentguy_Booking_V1_AssignmentStatus.accepted : .declined).rawValue
      assignment.responseNote = String(request.note.prefix(2000))
      try db.updateAssignment(assignment)
      if let booking = try db.booking(assignment.bookingID) { try mutation.event(.crewResponded, booking, in: db) }
      try mutation.audit(assignment.bookingID, "\(caller.displayName) \(request.accept ? "accepted" : "declined") assignment \(id)", in: db)
      let name = try db.crewMember(assignment.userID)?.displayName ?? ""
      return try mutation.respond(.with { $0.assignment = Rentguy_Booking_V1_CrewAssignment(assignment, displayName: name) })
    }
  }

  public func listCrewAssignments(
    request: Rentguy_Booking_V1_ListCrewAssignmentsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListCrewAssignmentsResponse {
    let caller = try Self.caller()
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    let seesEveryone = caller.permissions.contains("booking.crew.read")
    // Without booking.crew.read: the caller's own assignments only.
    var userID: String? = request.userID.isEmpty ? nil : request.userID
    if !seesEveryone {
      guard let own = caller.userID else { throw BookingError.permission("booking.crew.read", Self.service + "ListCrewAssignments") }
      guard userID == nil || userID == own else { throw BookingError.permission("booking.crew.read", "another crew member's assignments") }
      userID = own
    } else if userID == nil && request.bookingID.isEmpty && !request.hasPeriod {
      userID = caller.userID
    }
    let period = request.hasPeriod ? (start: request.period.start.milliseconds, end: request.period.end.milliseconds) : nil
    let filter = userID
    return try await self.repository.read { db in
      let found = try db.assignments(
        bookingID: request.bookingID.isEmpty ? nil : request.bookingID, userID: filter, overlapping: period, after: after, limit: size + 1
      )
      let page = Self.page(found, size: size, id: \.id)
      return try .with {
        $0.assignments = try page.items.map { Rentguy_Booking_V1_CrewAssignment($0, displayName: try db.crewMember($0.userID)?.displayName ?? "") }
        $0.nextPageToken = page.next
      }
    }
  }

  static func functionName(_ function: Rentguy_Identity_V1_CrewFunction) -> String {
    switch function {
    case .driver: "driver"
    case .dj: "DJ"
    case .technician: "technician"
    case .stagehand: "stagehand"
    case .host: "host"
    default: "an unknown function"
    }
  }
}
