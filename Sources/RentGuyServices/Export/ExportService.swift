public import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyProviders
import RentGuyRules
public import RentGuyStore
import SwiftProtobuf

/// ExportService: invoices, credit notes and payments to Moneybird or Exact Online. StartExport
/// stores the export with one item per document and commits one job per document in the same
/// transaction; the job workers send them (``ExportDocumentJob``) within the provider's limits and
/// record each outcome with the item. Connections, mappings and schedules are the finance user's
/// settings, versioned like every other record.
public struct ExportService: Rentguy_Export_V1_ExportService.SimpleServiceProtocol {
  let repository: any IntegrationRepository
  let gateways: AccountingGateways
  let jobsWoken: JobSignal
  let feed: BookingEventFeed
  let timeZone: TimeZone

  static let service = "rentguy.export.v1.ExportService/"
  /// The job queues exports send through.
  public static let queues = ExportDocumentJob.queues

  public init(repository: any IntegrationRepository, gateways: AccountingGateways, jobsWoken: JobSignal, feed: BookingEventFeed, timeZone: TimeZone) {
    self.repository = repository
    self.gateways = gateways
    self.jobsWoken = jobsWoken
    self.feed = feed
    self.timeZone = timeZone
  }

  /// Runs a mutation in one transaction, then wakes the job workers and progress watchers.
  func mutate<T: Sendable>(_ method: String, _ context: ServerContext, _ body: @escaping @Sendable (any IntegrationDatabase, Mutation) throws -> T)
    async throws -> T
  {
    try await self.repository.mutate(Self.service + method, context, jobsWoken: self.jobsWoken, feed: self.feed, notifyWatchers: true, body)
  }

  static func provider(_ provider: Rentguy_Export_V1_AccountingProvider, field: String = "provider") throws -> Rentguy_Export_V1_AccountingProvider {
    guard provider == .moneybird || provider == .exact else {
      throw IntegrationError.invalidArgument(field, "must be ACCOUNTING_PROVIDER_MONEYBIRD or ACCOUNTING_PROVIDER_EXACT")
    }
    return provider
  }

  // MARK: - Exports

  public func startExport(request: Rentguy_Export_V1_StartExportRequest, context: ServerContext) async throws -> Rentguy_Export_V1_StartExportResponse {
    let export = try await self.start(
      provider: request.provider, kinds: request.kinds, period: request.hasPeriod ? request.period : nil, dryRun: request.dryRun,
      scheduleID: "", method: "StartExport", context: context
    )
    return .with { $0.export = .init(export) }
  }

  /// Starts an export (from the RPC or a schedule).
  func start(
    provider: Rentguy_Export_V1_AccountingProvider, kinds requested: [Rentguy_Export_V1_ExportKind], period: Rentguy_Common_V1_Period?,
    dryRun: Bool, scheduleID: String, method: String, context: ServerContext?,
    alsoInTransaction: (@Sendable (any IntegrationDatabase, StoredExport) throws -> Void)? = nil
  ) async throws -> StoredExport {
    let provider = try Self.provider(provider)
    guard !requested.isEmpty else { throw IntegrationError.invalidArgument("kinds", "must name at least one kind (EXPORT_KIND_INVOICES, EXPORT_KIND_PAYMENTS)") }
    for kind in requested where kind != .invoices && kind != .payments {
      throw IntegrationError.invalidArgument("kinds", "\(kind) is not an export kind")
    }
    guard let period, period.hasStart, period.hasEnd else { throw IntegrationError.invalidArgument("period", "must have a start and an end") }
    let start = period.start.milliseconds
    let end = period.end.milliseconds
    guard end > start else { throw IntegrationError.invalidArgument("period", "must end after it starts") }
    guard end - start <= 366 * 86_400_000 else { throw IntegrationError.invalidArgument("period", "must be at most a year") }
    let kinds = Set(requested)
    if provider == .exact && kinds.contains(.payments) {
      throw IntegrationError(
        .failedPrecondition,
        "kinds: Exact Online takes invoices and credit notes; payments are matched in Exact from its bank feed, so export EXPORT_KIND_INVOICES",
        reason: .stateConflict, field: "kinds"
      )
    }
    if !dryRun { try await self.gateways.requireConnected(provider) }
    let limits = self.gateways.limits(provider)
    let providerLimits = AccountingGateways.providerLimits(provider)
    let timeZone = self.timeZone
    let mutation = Mutation(method: Self.service + method, clientAddress: context?.remotePeer ?? "")
    let export: StoredExport
    do {
      export = try await self.repository.write { db in
        if !dryRun, let running = try db.activeExport(provider: provider.rawValue) {
          throw IntegrationError.state(
            "export \(running.id) to \(provider.slug) is \(running.status == 1 ? "queued" : "running"): exports of one provider do not overlap; cancel it or wait",
            state: "RUNNING"
          )
        }
        let mapping = try Self.mapping(provider, in: db)
        var export = StoredExport(
          id: Identifier.make("exp"), provider: provider.rawValue, kinds: kinds.map(\.rawValue).sorted(), periodStart: start, periodEnd: end,
          dryRun: dryRun, status: Rentguy_Export_V1_ExportStatus.queued.rawValue, startedBy: scheduleID.isEmpty ? mutation.actorID : "schedule",
          createdAt: mutation.now
        )
        export.scheduleID = scheduleID
        let planner = ExportPlanner(provider: provider, kinds: kinds, periodStart: start, periodEnd: end, timeZone: timeZone, mapping: mapping)
        var items = try planner.items(exportID: export.id, in: db)
        export.total = items.count
        var calls = 0
        for index in items.indices {
          if items[index].status == Rentguy_Export_V1_ReconciliationStatus.failed.rawValue {
            export.failed += 1
            continue
          }
          if items[index].exportedBefore { export.skipped += 1 }
          calls += ExportDocumentJob.plannedCalls(items[index])
          if dryRun {
            items[index].status = (items[index].exportedBefore ? Rentguy_Export_V1_ReconciliationStatus.matched : .wouldExport).rawValue
            if !items[index].exportedBefore { export.succeeded += 1 }
          } else {
            export.pending += 1
          }
        }
        // Contacts are looked up (and created when missing) once per customer not known yet.
        let customers = Set(items.lazy.filter { !$0.exportedBefore && $0.document != Rentguy_Export_V1_DocumentKind.payment.rawValue }.map(\.customerID))
        for customer in customers where try db.accountingContact(provider: provider.rawValue, customerID: customer) == nil { calls += 2 }
        // A dry run says how long the real run would take against the provider's own limits.
        export.plannedMilliseconds = RatePlan.milliseconds(calls: calls, limits: dryRun ? providerLimits : limits)
        if dryRun || export.pending == 0 {
          export.status = ExportDocumentJob.outcome(export).rawValue
          export.startedAt = mutation.now
          export.finishedAt = mutation.now
        }
        try db.insertExport(export)
        // A payment waits for the invoice it is booked on when that one is sent by this export.
        let sentNow = Set(items.lazy.filter { $0.document != Rentguy_Export_V1_DocumentKind.payment.rawValue && !$0.exportedBefore }.map(\.documentID))
        for item in items {
          try db.insertExportItem(item)
          let waits = item.document == Rentguy_Export_V1_DocumentKind.payment.rawValue && !item.exportedBefore && sentNow.contains(item.invoiceID)
          if !dryRun, item.status == Rentguy_Export_V1_ReconciliationStatus.pending.rawValue, !waits {
            try db.enqueue(ExportDocumentJob.job(provider: provider, item: item))
          }
        }
        try mutation.audit(
          export.id, "\(dryRun ? "dry run of an export" : "export") to \(provider.slug): \(export.total) documents (\(export.skipped) exported before)",
          in: db
        )
        try alsoInTransaction?(db, export)
        _ = try mutation.respond(Rentguy_Export_V1_StartExportResponse.with { $0.export = .init(export) })
        return export
      }
    } catch let error as StoreError {
      throw IntegrationError.store(error)
    }
    self.jobsWoken.notify()
    self.feed.notify()
    return export
  }

  static func mapping(_ provider: Rentguy_Export_V1_AccountingProvider, in db: any IntegrationDatabase) throws -> Rentguy_Export_V1_AccountingMapping {
    guard let stored = try db.accountingMapping(provider: provider.rawValue) else {
      var empty = Rentguy_Export_V1_AccountingMapping()
      empty.provider = provider
      return empty
    }
    var mapping = try Rentguy_Export_V1_AccountingMapping(serializedBytes: stored.document)
    mapping.version = stored.version
    mapping.updatedAt = .init(milliseconds: stored.updatedAt)
    return mapping
  }

  public func getExport(request: Rentguy_Export_V1_GetExportRequest, context: ServerContext) async throws -> Rentguy_Export_V1_GetExportResponse {
    let export = try await self.load(request.exportID)
    return .with { $0.export = .init(export) }
  }

  func load(_ id: String) async throws -> StoredExport {
    let id = try BookingService.required(id, field: "export_id")
    guard let export = try await self.repository.read({ db in try db.export(id) }) else { throw IntegrationError.notFound("export", id) }
    return export
  }

  public func listExports(request: Rentguy_Export_V1_ListExportsRequest, context: ServerContext) async throws -> Rentguy_Export_V1_ListExportsResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let before = try BookingService.pageStart(request.pageToken)
    let provider = request.provider == .unspecified ? nil : try Self.provider(request.provider).rawValue
    let statuses = request.statuses.map(\.rawValue)
    let found = try await self.repository.read { db in try db.exports(provider: provider, statuses: statuses, before: before, limit: size + 1) }
    let page = BookingService.page(found, size: size, id: \.id)
    return .with {
      $0.exports = page.items.map(Rentguy_Export_V1_Export.init)
      $0.nextPageToken = page.next
    }
  }

  public func watchExport(
    request: Rentguy_Export_V1_WatchExportRequest, response: RPCWriter<Rentguy_Export_V1_ExportProgress>, context: ServerContext
  ) async throws {
    var export = try await self.load(request.exportID)
    let id = export.id
    var lastPosition = -1
    var first = true
    while true {
      let generation = self.feed.generation
      let current = try await self.repository.read { db in try db.export(id) } ?? export
      let changed = current != export || first
      export = current
      if changed {
        var progress = Rentguy_Export_V1_ExportProgress()
        progress.exportID = id
        progress.status = .init(rawValue: export.status) ?? .unspecified
        progress.counts = Rentguy_Export_V1_Export(export).counts
        if !first, let item = try await self.lastFinishedItem(id, after: lastPosition) {
          progress.lastItem = .init(item)
          lastPosition = max(lastPosition, item.position)
        }
        if export.pending > 0 {
          let calls = export.pending * 2
          let remaining = RatePlan.milliseconds(calls: calls, limits: self.gateways.limits(.init(rawValue: export.provider) ?? .moneybird))
          progress.expectedFinishAt = .init(milliseconds: Date().millisecondsSince1970 + remaining)
        }
        try await response.write(progress)
        first = false
      }
      if Self.isFinished(export.status) { return }
      _ = await self.feed.wait(past: generation, timeout: .seconds(1))
      try Task.checkCancellation()
    }
  }

  func lastFinishedItem(_ exportID: String, after position: Int) async throws -> StoredExportItem? {
    let pending = Rentguy_Export_V1_ReconciliationStatus.pending.rawValue
    return try await self.repository.read { db in
      // The latest finished item past the last one reported (items finish roughly in order).
      try db.exportItems(exportID: exportID, statuses: [], afterPosition: position, limit: 200).last { $0.status != pending }
    }
  }

  static func isFinished(_ status: Int) -> Bool {
    [Rentguy_Export_V1_ExportStatus.succeeded, .partiallyFailed, .failed, .canceled].map(\.rawValue).contains(status)
  }

  /// Ends exports whose documents have no job left (a job dead because the lease of its last
  /// attempt expired, or one an operator discarded): their pending documents become FAILED, so
  /// the export finishes and the provider is free for the next one.
  /// - Returns: the exports ended.
  public func finishStalledExports() async throws -> [String] {
    let active = try await self.repository.read { db in try db.activeExports().filter { try $0.pending > 0 && !db.hasLiveJob(resourceID: $0.id) } }
    var ended: [String] = []
    for candidate in active {
      let id = candidate.id
      let done = try await self.repository.write { db -> Bool in
        guard let export = try db.export(id), !Self.isFinished(export.status), export.pending > 0, !(try db.hasLiveJob(resourceID: id)) else { return false }
        let provider = Rentguy_Export_V1_AccountingProvider(rawValue: export.provider) ?? .moneybird
        let pending = Rentguy_Export_V1_ReconciliationStatus.pending.rawValue
        var after = -1
        while true {
          let page = try db.exportItems(exportID: id, statuses: [pending], afterPosition: after, limit: 500)
          guard let last = page.last else { break }
          after = last.position
          for var item in page {
            item.status = Rentguy_Export_V1_ReconciliationStatus.failed.rawValue
            item.message = "its job ended without an outcome (the lease of its last attempt expired, or it was discarded): export the period again"
            try ExportDocumentJob.finish(item, sent: nil, provider: provider, in: db)
          }
        }
        return true
      }
      if done { ended.append(id) }
    }
    if !ended.isEmpty { self.feed.notify() }
    return ended
  }

  public func cancelExport(request: Rentguy_Export_V1_CancelExportRequest, context: ServerContext) async throws -> Rentguy_Export_V1_CancelExportResponse {
    let id = try BookingService.required(request.exportID, field: "export_id")
    let export = try await self.mutate("CancelExport", context) { db, mutation -> StoredExport in
      guard var export = try db.export(id) else { throw IntegrationError.notFound("export", id) }
      guard !Self.isFinished(export.status) else {
        let name = Rentguy_Export_V1_ExportStatus(rawValue: export.status).map { "\($0)" } ?? "finished"
        throw IntegrationError.state("export \(id) is \(name): there is nothing to cancel", state: name)
      }
      export.status = Rentguy_Export_V1_ExportStatus.canceled.rawValue
      export.finishedAt = mutation.now
      try db.updateExport(export)
      try mutation.audit(id, "canceled the export (\(export.succeeded + export.skipped) of \(export.total) documents done)", in: db)
      _ = try mutation.respond(Rentguy_Export_V1_CancelExportResponse.with { $0.export = .init(export) })
      return export
    }
    return .with { $0.export = .init(export) }
  }
}
