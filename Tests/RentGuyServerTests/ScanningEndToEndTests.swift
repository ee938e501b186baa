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

  @Test("rentguy scan reads barcodes from stdin like a USB scanner, streams them and prints one line per ack")
  func cliScan() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let cli = TestEnvironment.builtProduct("rentguy")
    let environment = ["RENTGUY_SERVER": "127.0.0.1:\(server.grpcPort)", "XDG_CONFIG_HOME": server.directory + "/config"]
    func rentguy(_ arguments: String) async throws -> ProcessOutput {
      try await Subprocess.run("/bin/sh", ["-c", "'\(cli)' \(arguments)"], environment: environment, timeout: .seconds(60))
    }
    try "a long warehouse password\n".write(toFile: server.directory + "/password", atomically: true, encoding: .utf8)
    #expect(try await rentguy("login --email warehouse@example.com --password-stdin < '\(server.directory)/password'").status == 0)
    let product = try await rentguy("products create --kind serialized --name Mic --sku MIC-1 --day-price 5.00 --output json")
    let productID = ((try? JSONSerialization.jsonObject(with: Data(product.output.utf8))) as? [String: Any])?["id"] as? String ?? ""
    #expect(productID.hasPrefix("prd_"), "\(product.output)")
    #expect(try await rentguy("assets create --product \(productID) --barcode MIC-0001").status == 0)
    try "MIC-0001\nNO-SUCH-BARCODE\n".write(toFile: server.directory + "/barcodes", atomically: true, encoding: .utf8)
    let scanned = try await rentguy("scan --action audit --device desk-1 < '\(server.directory)/barcodes'")
    #expect(scanned.output.contains("MIC-0001 ACCEPTED"), "\(scanned.output)")
    #expect(scanned.output.contains("NO-SUCH-BARCODE REJECTED UNKNOWN_BARCODE"), "\(scanned.output)")
    #expect(scanned.output.contains("2 scans: 1 accepted, 0 duplicate, 0 conflict, 1 rejected"), "\(scanned.output)")
    #expect(scanned.status == 1, "a rejected scan makes the exit status 1")
    let history = try await rentguy("scans list --device desk-1")
    #expect(history.output.contains("MIC-0001"), "\(history.output)")
    #expect(await server.stop() == 0)
  }
}
