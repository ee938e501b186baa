import Foundation
import RentGuyStore

/// A migrated store in a fresh SQLite file (WAL, as the server runs it) and the integration
/// repository on its group commit, both removed after `body`.
func withIntegrationStore<T>(_ body: (Store, SQLIntegrationRepository) async throws -> T) async throws -> T {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rentguy-services-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let store = try Store.open(.defaults { $0.location = .file(path: directory + "/db.sqlite") })
  let repository = SQLIntegrationRepository(store: store, writer: BatchedWriter(store: store))
  return try await body(store, repository)
}

/// Whether `condition` became true within `timeout` (checked every 10 ms).
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if try await condition() { return true }
    try await Task.sleep(for: .milliseconds(10))
  }
  return try await condition()
}
