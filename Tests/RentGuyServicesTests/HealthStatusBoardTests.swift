import RentGuyProto
import RentGuyServices
import Testing

@Suite("Health status board")
struct HealthStatusBoardTests {
  @Test("known services start NOT_SERVING; unknown ones have no status")
  func startsNotServing() {
    let board = HealthStatusBoard(services: ["grpc.health.v1.Health"])
    #expect(board.status(of: "") == .notServing)
    #expect(board.status(of: "grpc.health.v1.Health") == .notServing)
    #expect(board.status(of: "rentguy.nope.v1.Nope") == nil)
    #expect(!board.isServing)
  }

  @Test("a watcher gets the current status, then each change")
  func watchersSeeChanges() async {
    let board = HealthStatusBoard(services: [])
    var updates = board.updates(of: "").makeAsyncIterator()
    #expect(await updates.next() == .notServing)
    board.set(.serving, for: "")
    #expect(await updates.next() == .serving)
    #expect(board.isServing)
  }

  @Test("watching an unknown service says SERVICE_UNKNOWN until it becomes known")
  func unknownServiceBecomesKnown() async {
    let board = HealthStatusBoard(services: [])
    var updates = board.updates(of: "rentguy.booking.v1.BookingService").makeAsyncIterator()
    #expect(await updates.next() == .serviceUnknown)
    board.set(.serving, for: "rentguy.booking.v1.BookingService")
    #expect(await updates.next() == .serving)
  }

  @Test("shutting down makes everything NOT_SERVING, tells watchers and ends their streams")
  func shutDownEndsWatches() async {
    let board = HealthStatusBoard(services: ["grpc.health.v1.Health"])
    board.setAll(.serving)
    let watch = board.updates(of: "")
    board.shutDown()
    var seen: [HealthStatusBoard.Status] = []
    for await status in watch { seen.append(status) }
    // A watcher holds only the newest status it has not read yet: here, NOT_SERVING.
    #expect(seen.last == .notServing)
    #expect(board.status(of: "grpc.health.v1.Health") == .notServing)

    board.set(.serving, for: "")
    #expect(!board.isServing, "a server that is going away stays NOT_SERVING")
    var late: [HealthStatusBoard.Status] = []
    for await status in board.updates(of: "") { late.append(status) }
    #expect(late == [.notServing], "a watch begun after shutdown ends at once")
  }
}
