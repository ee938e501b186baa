import GRPCCore
import RentGuyStore

extension IntegrationRepository {
  /// Runs the mutation `method` (a full method name) in one transaction, store errors explained;
  /// then wakes the job workers, and the event watchers when the mutation wrote booking events or
  /// `notifyWatchers` says so (export progress).
  func mutate<T: Sendable>(
    _ method: String, _ context: ServerContext, jobsWoken: JobSignal, feed: BookingEventFeed, notifyWatchers: Bool = false,
    _ body: @escaping @Sendable (any IntegrationDatabase, Mutation) throws -> T
  ) async throws -> T {
    let mutation = Mutation(method: method, clientAddress: context.remotePeer)
    let result: T
    do {
      result = try await self.write { db in try body(db, mutation) }
    } catch let error as StoreError {
      throw IntegrationError.store(error)
    }
    jobsWoken.notify()
    if notifyWatchers || mutation.wroteEvents { feed.notify() }
    return result
  }
}
