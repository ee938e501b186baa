public import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Schedules: exports the server starts by itself (``ExportScheduler`` runs them).
extension ExportService {
  /// The clock of a schedule, or INVALID_ARGUMENT naming the field.
  static func clock(_ schedule: Rentguy_Export_V1_ExportSchedule, defaultTimeZone: TimeZone) throws -> ExportScheduleClock {
    let frequency: ExportScheduleClock.Frequency
    switch schedule.frequency {
    case .daily: frequency = .daily
    case .weekly: frequency = .weekly
    case .monthly: frequency = .monthly
    default: throw IntegrationError.invalidArgument("schedule.frequency", "must be DAILY, WEEKLY or MONTHLY")
    }
    guard schedule.hasTimeOfDay else { throw IntegrationError.invalidArgument("schedule.time_of_day", "must be set (hours and minutes)") }
    do {
      return try ExportScheduleClock(
        frequency: frequency, hours: Int(schedule.timeOfDay.hours), minutes: Int(schedule.timeOfDay.minutes),
        timeZoneID: schedule.timeZone.isEmpty ? defaultTimeZone.identifier : schedule.timeZone
      )
    } catch {
      throw IntegrationError.invalidArgument("schedule.\(error.field)", error.reason)
    }
  }

  static func validateKinds(_ kinds: [Rentguy_Export_V1_ExportKind], provider: Rentguy_Export_V1_AccountingProvider) throws {
    guard !kinds.isEmpty else { throw IntegrationError.invalidArgument("schedule.kinds", "must name at least one kind") }
    for kind in kinds where kind != .invoices && kind != .payments {
      throw IntegrationError.invalidArgument("schedule.kinds", "\(kind) is not an export kind")
    }
    if provider == .exact && kinds.contains(.payments) {
      throw IntegrationError.invalidArgument("schedule.kinds", "Exact Online takes invoices only (it matches payments from its bank feed)")
    }
  }

  static func schedule(_ stored: VersionedDocument) throws -> Rentguy_Export_V1_ExportSchedule {
    var schedule = try Rentguy_Export_V1_ExportSchedule(serializedBytes: stored.document)
    schedule.version = stored.version
    return schedule
  }

  /// Stores a schedule with its next run (from now).
  static func save(_ schedule: inout Rentguy_Export_V1_ExportSchedule, clock: ExportScheduleClock, version: Int64, in db: any IntegrationDatabase) throws {
    let next = clock.nextRun(after: Date())
    schedule.nextRunAt = .init(date: next)
    schedule.timeZone = clock.timeZone.identifier
    schedule.version = version
    try db.saveSchedule(
      VersionedDocument(id: schedule.id, document: try schedule.serializedBytes(), version: version, updatedAt: 0), enabled: schedule.enabled,
      nextRunAt: next.millisecondsSince1970
    )
  }

  public func createSchedule(request: Rentguy_Export_V1_CreateScheduleRequest, context: ServerContext) async throws -> Rentguy_Export_V1_CreateScheduleResponse {
    var schedule = request.schedule
    _ = try Self.provider(schedule.provider, field: "schedule.provider")
    try Self.validateKinds(schedule.kinds, provider: schedule.provider)
    let clock = try Self.clock(schedule, defaultTimeZone: self.timeZone)
    schedule.id = Identifier.make("sch")
    schedule.lastExportID = ""
    let created = schedule
    return try await self.mutate("CreateSchedule", context) { db, mutation in
      var schedule = created
      try Self.save(&schedule, clock: clock, version: 1, in: db)
      try mutation.audit(schedule.id, "export schedule: \(schedule.frequency) at \(clock.hours):\(clock.minutes) \(clock.timeZone.identifier)", in: db)
      return try mutation.respond(Rentguy_Export_V1_CreateScheduleResponse.with { $0.schedule = schedule })
    }
  }

  public func listSchedules(request: Rentguy_Export_V1_ListSchedulesRequest, context: ServerContext) async throws -> Rentguy_Export_V1_ListSchedulesResponse {
    let stored = try await self.repository.read { db in try db.schedules() }
    return .with { $0.schedules = stored.compactMap { try? Self.schedule($0) } }
  }

  public func updateSchedule(request: Rentguy_Export_V1_UpdateScheduleRequest, context: ServerContext) async throws -> Rentguy_Export_V1_UpdateScheduleResponse {
    let id = try BookingService.required(request.schedule.id, field: "schedule.id")
    let paths = request.updateMask.paths
    let allowed: Set<String> = ["kinds", "frequency", "time_of_day", "time_zone", "enabled"]
    guard !paths.isEmpty else { throw IntegrationError.invalidArgument("update_mask", "names no field") }
    for path in paths where !allowed.contains(path) {
      throw IntegrationError.invalidArgument("update_mask", "'\(path)' cannot be changed (\(allowed.sorted().joined(separator: ", ")))")
    }
    let given = request.schedule
    let expected = request.expectedVersion
    let timeZone = self.timeZone
    return try await self.mutate("UpdateSchedule", context) { db, mutation in
      guard let stored = try db.schedule(id) else { throw IntegrationError.notFound("schedule", id) }
      if expected != 0, expected != stored.version {
        throw IntegrationError(
          .aborted, "expected_version: schedule \(id) is at version \(stored.version), not \(expected); read it again", reason: .versionMismatch
        )
      }
      var schedule = try Self.schedule(stored)
      for path in paths {
        switch path {
        case "kinds": schedule.kinds = given.kinds
        case "frequency": schedule.frequency = given.frequency
        case "time_of_day": schedule.timeOfDay = given.timeOfDay
        case "time_zone": schedule.timeZone = given.timeZone
        case "enabled": schedule.enabled = given.enabled
        default: break
        }
      }
      try Self.validateKinds(schedule.kinds, provider: schedule.provider)
      let clock = try Self.clock(schedule, defaultTimeZone: timeZone)
      try Self.save(&schedule, clock: clock, version: stored.version + 1, in: db)
      try mutation.audit(id, "changed \(paths.joined(separator: ", "))", in: db)
      return try mutation.respond(Rentguy_Export_V1_UpdateScheduleResponse.with { $0.schedule = schedule })
    }
  }

  public func deleteSchedule(request: Rentguy_Export_V1_DeleteScheduleRequest, context: ServerContext) async throws -> Rentguy_Export_V1_DeleteScheduleResponse {
    let id = try BookingService.required(request.scheduleID, field: "schedule_id")
    return try await self.mutate("DeleteSchedule", context) { db, mutation in
      guard try db.schedule(id) != nil else { throw IntegrationError.notFound("schedule", id) }
      try db.deleteSchedule(id)
      try mutation.audit(id, "removed the export schedule", in: db)
      return try mutation.respond(Rentguy_Export_V1_DeleteScheduleResponse())
    }
  }

  /// Runs the schedules that are due: one export per schedule however many runs were missed
  /// (its period covers them all), and the next run moved past now in the same transaction.
  /// A schedule whose export cannot start (the provider is busy or not connected, the mapping
  /// misses something) tries again a minute later, and says why.
  /// - Returns: the exports started, and the schedules that could not start one with the reason.
  public func runDueSchedules(now: Date = Date()) async throws -> (started: [String], failed: [(schedule: String, reason: String)]) {
    let due = try await self.repository.read { db in try db.dueSchedules(now: now.millisecondsSince1970) }
    var started: [String] = []
    var failed: [(schedule: String, reason: String)] = []
    for id in due {
      do {
        guard let stored = try await self.repository.read({ db in try db.schedule(id) }) else { continue }
        let schedule = try Self.schedule(stored)
        let clock = try Self.clock(schedule, defaultTimeZone: self.timeZone)
        guard let run = clock.dueRun(nextRunAt: schedule.nextRunAt.date, now: now) else { continue }
        let version = stored.version
        do {
          let export = try await self.start(
            provider: schedule.provider, kinds: schedule.kinds,
            period: .with {
              $0.start = .init(date: run.periodStart)
              $0.end = .init(date: run.periodEnd)
            },
            dryRun: false, scheduleID: id, method: "RunSchedule", context: nil
          ) { db, export in
            guard let current = try db.schedule(id), current.version == version else { throw IntegrationError(.aborted, "schedule \(id) changed meanwhile") }
            var next = schedule
            next.lastExportID = export.id
            next.nextRunAt = .init(date: run.next)
            try db.saveSchedule(
              VersionedDocument(id: id, document: try next.serializedBytes(), version: version + 1, updatedAt: 0), enabled: next.enabled,
              nextRunAt: run.next.millisecondsSince1970
            )
          }
          started.append(export.id)
        } catch {
          // Try again in a minute; the due time in the schedule stays, so its period does too.
          failed.append((id, (error as? IntegrationError)?.message ?? "\(error)"))
          let retryAt = now.addingTimeInterval(60).millisecondsSince1970
          try await self.repository.write { db in
            guard let current = try db.schedule(id), current.version == version else { return }
            try db.saveSchedule(current, enabled: schedule.enabled, nextRunAt: retryAt)
          }
        }
      } catch {
        failed.append((id, "\(error)"))
      }
    }
    return (started, failed)
  }
}
