import Logging
import RentGuyServices
import ServiceLifecycle

/// The booking service's timed work, every `interval` until a graceful shutdown: quotes whose
/// validity passed become EXPIRED, and booking events older than the retention are removed.
struct BookingHousekeeper: Service {
  let booking: BookingService
  var interval: Duration = .seconds(60)
  let logger: Logger

  func run() async throws {
    while true {
      do {
        let expired = try await self.booking.expireQuotes()
        if expired > 0 { self.logger.info("quotes expired", metadata: ["count": "\(expired)"]) }
        let pruned = try await self.booking.pruneEvents()
        if pruned > 0 { self.logger.info("booking events removed by retention", metadata: ["count": "\(pruned)"]) }
      } catch {
        self.logger.warning("booking housekeeping failed", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
      } catch {
        return  // shutting down
      }
    }
  }
}
