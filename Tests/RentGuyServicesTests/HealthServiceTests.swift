import GRPCCore
import RentGuyProto
import RentGuyServices
import SwiftProtobuf
import Synchronization
import Testing

/// Collects what a handler writes.
private final class CollectingWriter: RPCWriterProtocol, Sendable {
  private let written = Mutex<[Grpc_Health_V1_HealthCheckResponse.ServingStatus]>([])
  var statuses: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] { written.withLock { $0 } }

  func write(_ element: Grpc_Health_V1_HealthCheckResponse) async throws {
    written.withLock { $0.append(element.status) }
  }

  func write(contentsOf elements: some Sequence<Grpc_Health_V1_HealthCheckResponse>) async throws {
    for element in elements { try await write(element) }
  }
}

@Suite("Health service")
struct HealthServiceTests {
  private func context(_ cancellation: ServerContext.RPCCancellationHandle) -> ServerContext {
    ServerContext(
      descriptor: Grpc_Health_V1_Health.Method.Watch.descriptor,
      remotePeer: "test", localPeer: "test", cancellation: cancellation
    )
  }

  @Test("Check answers the board's status, and NOT_FOUND for a service it doesn't know")
  func check() async throws {
    let board = HealthStatusBoard(services: ["grpc.health.v1.Health"])
    board.setAll(.serving)
    let service = HealthService(board: board)
    let handle = ServerContext.RPCCancellationHandle()
    let response = try await service.check(request: .with { $0.service = "" }, context: context(handle))
    #expect(response.status == .serving)
    do {
      _ = try await service.check(request: .with { $0.service = "rentguy.nope.v1.Nope" }, context: context(handle))
      Issue.record("an unknown service was answered")
    } catch let error as RPCError {
      #expect(error.code == .notFound)
    }
  }

  @Test("a watch the client abandons ends at once and releases its place on the board", .timeLimit(.minutes(1)))
  func abandonedWatchIsReleased() async throws {
    let board = HealthStatusBoard(services: [])
    board.setAll(.serving)
    let service = HealthService(board: board)
    let writer = CollectingWriter()
    let handle = ServerContext.RPCCancellationHandle()

    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try? await service.watch(
          request: .with { $0.service = "" }, response: RPCWriter(wrapping: writer), context: context(handle)
        )
      }
      while writer.statuses.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
      #expect(board.watcherCount == 1)
      handle.cancel()
      try await group.waitForAll()
    }
    #expect(writer.statuses == [.serving])
    #expect(board.watcherCount == 0)
  }
}
