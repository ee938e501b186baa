import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
public import RentGuyStore
import SwiftProtobuf

/// WarehouseService: the scan stream, scan history, conflicts, locations and stock.
///
/// Each StreamScans call reads scans into a bounded inbox; the applier takes everything waiting
/// and submits it, in arrival order, as one write (which the group commit shares with every
/// other stream and service), then goes on with the next scans while that write is flushed; the
/// acks go out in order, each after its write is on disk.
public struct WarehouseService: Rentguy_Warehouse_V1_WarehouseService.SimpleServiceProtocol {
  let repository: any WarehouseRepository
  let feed: BookingEventFeed

  static let service = "rentguy.warehouse.v1.WarehouseService/"
  /// Scans applied in one write at most, and scans waiting per stream at most.
  static let chunk = 256
  static let inboxLimit = 1024
  /// Chunks applied ahead of their acks per stream, at most.
  static let chunksInFlight = 8

  public init(repository: any WarehouseRepository, feed: BookingEventFeed) {
    self.repository = repository
    self.feed = feed
  }

  public func streamScans(
    request: RPCAsyncSequence<Rentguy_Warehouse_V1_ScanRequest, any Error>,
    response: RPCWriter<Rentguy_Warehouse_V1_ScanAck>,
    context: ServerContext
  ) async throws {
    guard let principal = Principal.current else { throw BookingError(.unauthenticated, "no credential", reason: .credentialMissing) }
    // A device key scans only as its own device.
    let deviceID: String? = if case .apiKey(let device) = principal.kind { device } else { nil }
    let keyID = principal.id
    let repository = self.repository
    let home = deviceID == nil ? nil : try await repository.read { db in try db.homeLocation(apiKeyID: keyID) }
    let inbox = ScanInbox<Rentguy_Warehouse_V1_ScanRequest>(limit: Self.inboxLimit)
    // Chunks applied (submitted to the group commit) and not yet acknowledged, in order.
    let applied = ScanInbox<BatchedWrite<AppliedChunk>>(limit: Self.chunksInFlight)
    let feed = self.feed
    let remotePeer = context.remotePeer
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        do {
          for try await scan in request { await inbox.put(scan) }
          inbox.finish(nil)
        } catch {
          inbox.finish(error)
        }
      }
      // Applies each chunk as it arrives, without waiting for the last one to be on disk. Once a
      // chunk has failed, or its acks can no longer be sent, nothing after it is applied: the
      // device replays from the first scan it has no ack for, and must find later ones unapplied.
      group.addTask {
        do {
          var previous: BatchedWrite<AppliedChunk>?
          while let scans = try await inbox.take(maximum: Self.chunk), !applied.isFinished {
            if let deviceID, let wrong = scans.first(where: { $0.deviceID != deviceID }) {
              throw BookingError(
                .permissionDenied, "this API key belongs to device \(deviceID); the scan \(wrong.clientScanID) is for device \(wrong.deviceID)",
                reason: .deviceMismatch, info: ["device_id": deviceID]
              )
            }
            let mutation = Mutation(method: Self.service + "StreamScans", clientAddress: remotePeer)
            let before = previous
            // Made here, beside the writer: the writer's thread is the scan stream's limit.
            let ids = scans.map { _ in Identifier.make("scn") }
            let write = repository.submit { db in
              // Runs after the chunk before it (in order, on the writer): applied only if that one was.
              if before?.hasFailed == true { throw CancellationError() }
              let applier = ScanApplier(db: db, mutation: mutation, homeLocation: home)
              let acks = try zip(scans, ids).map { try applier.apply($0, id: $1) }
              return AppliedChunk(acks: acks, wroteEvents: mutation.wroteEvents)
            }
            previous = write
            await applied.put(write)
          }
          applied.finish(nil)
        } catch {
          // The acks of what was applied before go out first.
          applied.finish(error)
        }
      }
      defer { group.cancelAll() }
      // Each scan is acknowledged after its chunk's transaction is on disk, in arrival order.
      do {
        while let writes = try await applied.take(maximum: Self.chunksInFlight) {
          for write in writes {
            let chunk = try await write.value()
            if chunk.wroteEvents { feed.notify() }
            for ack in chunk.acks { try await response.write(ack) }
          }
        }
      } catch {
        // Wakes the other tasks wherever they wait; what is still waiting is not applied.
        inbox.finish(error, discarding: true)
        applied.finish(error, discarding: true)
        throw error
      }
    }
  }

  public func listScans(
    request: Rentguy_Warehouse_V1_ListScansRequest,
    context: ServerContext
  ) async throws -> Rentguy_Warehouse_V1_ListScansResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let before = try BookingService.pageStart(request.pageToken)
    let period = request.hasPeriod ? (start: request.period.start.milliseconds, end: request.period.end.milliseconds) : nil
    return try await self.repository.read { db in
      let found = try db.scans(
        assetID: request.assetID.isEmpty ? nil : request.assetID, bookingID: request.bookingID.isEmpty ? nil : request.bookingID,
        deviceID: request.deviceID.isEmpty ? nil : request.deviceID, period: period, before: before, limit: size + 1
      )
      let page = BookingService.page(found, size: size, id: \.id)
      return .with {
        $0.scans = page.items.map(Rentguy_Warehouse_V1_Scan.init)
        $0.nextPageToken = page.next
      }
    }
  }
}

/// One chunk's acks, and whether it wrote booking events (watchers are woken once it is on disk).
struct AppliedChunk: Sendable {
  var acks: [Rentguy_Warehouse_V1_ScanAck]
  var wroteEvents: Bool
}
