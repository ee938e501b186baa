import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy export-schedules create|list|update|delete`.
struct ExportSchedulesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-schedules", abstract: "Exports that start by themselves: daily, weekly or monthly.",
    subcommands: [Create.self, List.self, Update.self, Delete.self]
  )

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Schedule an export of the previous day, week or month.",
      discussion: """
        daily: every day, the previous day; weekly: every Monday, the previous week; monthly: the first of \
        each month, the previous month. At --at in --time-zone (a time skipped by daylight saving runs at the \
        first minute after it).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Where to: moneybird or exact.") var provider: AccountingProviderArgument
    @Option(help: ArgumentHelp("What to export, comma-separated: invoices, payments (default both).", valueName: "kinds"))
    var kinds: String?
    @Option(help: "How often: daily, weekly or monthly.") var frequency: ScheduleFrequencyArgument
    @Option(help: ArgumentHelp("The time of day it runs, e.g. 06:30.", valueName: "HH:MM")) var at: String
    @Option(help: ArgumentHelp("IANA time zone of --at (default: the server's, booking.timeZone).", valueName: "zone"))
    var timeZone: String?
    @Flag(help: "Create it switched off (enable it later with update --enable).") var disabled = false

    func validate() throws {
      _ = try ExportFormat.kinds(kinds)
      _ = try ExportFormat.localTime(at)
      if let timeZone { try ExportFormat.checkTimeZone(timeZone) }
    }

    func run() async throws {
      var schedule = Rentguy_Export_V1_ExportSchedule()
      schedule.provider = self.provider.proto
      schedule.kinds = try ExportFormat.kinds(self.kinds)
      schedule.frequency = self.frequency.proto
      schedule.timeOfDay = try ExportFormat.localTime(self.at)
      schedule.timeZone = self.timeZone ?? ""
      schedule.enabled = !self.disabled
      let (request, key) = (schedule, UUID().uuidString)
      let created = try await global.call { client in
        try await client.export.createSchedule(.with {
          $0.idempotencyKey = key
          $0.schedule = request
        }).schedule
      }
      OutputPrinter(format: global.output).print(rows: ExportFormat.scheduleRows([created], render: Render(global.output)))
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the schedules with their next run.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let schedules = try await global.call { try await $0.export.listSchedules(.init()).schedules }
      OutputPrinter(format: global.output).print(rows: ExportFormat.scheduleRows(schedules, render: Render(global.output)))
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a schedule (only the options given).",
      discussion: "With --expected-version, ABORTED when the schedule is at another version (see list)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The schedule's id (sch_…).") var id: String
    @Option(help: "Fail unless the schedule is at this version (see list).") var expectedVersion: Int64?
    @Option(help: "How often: daily, weekly or monthly.") var frequency: ScheduleFrequencyArgument?
    @Option(help: ArgumentHelp("The time of day it runs, e.g. 06:30.", valueName: "HH:MM")) var at: String?
    @Option(help: ArgumentHelp("IANA time zone of --at, e.g. Europe/Amsterdam.", valueName: "zone")) var timeZone: String?
    @Option(help: ArgumentHelp("What to export, comma-separated: invoices, payments.", valueName: "kinds")) var kinds: String?
    @Flag var state: ScheduleSwitch?

    func validate() throws {
      if let at { _ = try ExportFormat.localTime(at) }
      if let timeZone { try ExportFormat.checkTimeZone(timeZone) }
      if let kinds { _ = try ExportFormat.kinds(kinds) }
      guard frequency != nil || at != nil || timeZone != nil || kinds != nil || state != nil else {
        throw ValidationError("nothing to change: give --frequency, --at, --time-zone, --kinds, --enable or --disable")
      }
    }

    func run() async throws {
      var schedule = Rentguy_Export_V1_ExportSchedule()
      schedule.id = self.id
      var paths: [String] = []
      if let kinds { schedule.kinds = try ExportFormat.kinds(kinds); paths.append("kinds") }
      if let frequency { schedule.frequency = frequency.proto; paths.append("frequency") }
      if let at { schedule.timeOfDay = try ExportFormat.localTime(at); paths.append("time_of_day") }
      if let timeZone { schedule.timeZone = timeZone; paths.append("time_zone") }
      if let state { schedule.enabled = state == .enable; paths.append("enabled") }
      let (request, fields, version, key) = (schedule, paths, self.expectedVersion ?? 0, UUID().uuidString)
      let updated = try await global.call { client in
        try await client.export.updateSchedule(.with {
          $0.idempotencyKey = key
          $0.schedule = request
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version
        }).schedule
      }
      OutputPrinter(format: global.output).print(rows: ExportFormat.scheduleRows([updated], render: Render(global.output)))
    }
  }

  struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a schedule (exports it started stay).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The schedule's id (sch_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      _ = try await global.call { client in
        try await client.export.deleteSchedule(.with {
          $0.idempotencyKey = key
          $0.scheduleID = id
        })
      }
      OutputPrinter(format: global.output).print(rows: [[("deleted", id)]])
    }
  }
}

/// `--enable` / `--disable` of `export-schedules update`.
enum ScheduleSwitch: String, EnumerableFlag {
  case enable, disable

  static func help(for value: ScheduleSwitch) -> ArgumentHelp? {
    switch value {
    case .enable: return ArgumentHelp("Switch the schedule on.")
    case .disable: return ArgumentHelp("Switch the schedule off.")
    }
  }
}
