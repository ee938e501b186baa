import ServiceLifecycle

/// Runs a listener `Service` and, when it fails, says which listener and address failed
/// (a bare "Address already in use" doesn't say which of the two ports is taken).
struct ListenerService: Service {
  /// What failed, e.g. "the REST shim on 127.0.0.1:8080".
  struct Failure: Error, CustomStringConvertible {
    var listener: String
    var cause: any Error
    var description: String { "\(listener) failed: \(cause)" }
  }

  let name: String
  let base: any Service

  func run() async throws {
    do {
      try await base.run()
    } catch {
      throw Failure(listener: name, cause: error)
    }
  }
}
