import Foundation
import RentGuyTestSupport
import Testing

@Suite("scanning, end to end")
struct ScanningEndToEndTests {
  static let admin = ["RENTGUY_ADMIN_EMAIL": "warehouse@example.com", "RENTGUY_ADMIN_PASSWORD": "a long warehouse password"]
  static let credentials = ["--email", "warehouse@example.com", "--password", "a long warehouse password"]

  @Test(
    """
    grpcio streams scans on one server at once: a case and an asset out and back in with the booking's status following, \
    replays answered DUPLICATE with the original outcomes, every conflict kind stored and resolvable, a device key refused for \
    another device, eight devices racing for one case, and bulk stock moved and adjusted
    """
  )
  func scenariosShareOneServer() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let scenarios = ["flow", "conflicts", "device", "race", "bulk"]
    let results = try await withThrowingTaskGroup(of: (String, ProcessOutput).self) { group in
      for scenario in scenarios {
        group.addTask { (scenario, try await server.scanProbe(scenario, Self.credentials)) }
      }
      return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
    }
    for scenario in scenarios {
      let result = try #require(results[scenario])
      #expect(result.status == 0, "\(scenario):\n\(result.output)")
      #expect(result.output.contains("\(scenario): ") && result.output.contains(" 0 failed"), "\(scenario):\n\(result.output)")
    }
    #expect(await server.stop() == 0)
  }
}
