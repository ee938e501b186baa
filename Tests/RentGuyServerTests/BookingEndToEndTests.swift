import Foundation
import RentGuyTestSupport
import Testing

@Suite("booking, end to end")
struct BookingEndToEndTests {
  static let admin = ["RENTGUY_ADMIN_EMAIL": "planner@example.com", "RENTGUY_ADMIN_PASSWORD": "a long planner password"]
  static let credentials = ["--email", "planner@example.com", "--password", "a long planner password"]

  @Test(
    """
    grpcio through every scenario on one server at once: the lifecycle with every refused transition, \
    40 concurrent confirmations for 3 units (also through kits and with buffers), gap-free invoices under 20 concurrent closings \
    and VAT per rate, leads from a site's API key, crew planning, the resumable event stream, and curl on the Connect JSON endpoint
    """
  )
  func scenariosShareOneServer() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let scenarios = ["lifecycle", "race", "invoices", "leads", "crew", "events", "connect"]
    let results = try await withThrowingTaskGroup(of: (String, ProcessOutput).self) { group in
      for scenario in scenarios {
        group.addTask { (scenario, try await server.bookingProbe(scenario, Self.credentials)) }
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

  @Test("kill -9 during concurrent confirmations: every acknowledged booking, its stock hold and its event survive the restart")
  func acknowledgedConfirmationsSurviveACrash() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let burst = try BackgroundProcess(
      TestEnvironment.python,
      [TestEnvironment.peerScript("booking_probe.py"), "burst", "--port", "\(server.grpcPort)", "--seconds", "60"] + Self.credentials
    )
    #expect(await burst.waitForOutput(containing: "ack bkg_", timeout: .seconds(90)))
    // Crash once a good number were acknowledged (a loaded machine gets there later).
    let started = ContinuousClock.now
    while burst.printed.components(separatedBy: "ack bkg_").count <= 40, ContinuousClock.now - started < .seconds(30) {
      try await Task.sleep(for: .milliseconds(200))
    }
    await server.crash()
    _ = await burst.waitForExit(timeout: .seconds(30))
    let ids = burst.printed.split(separator: "\n").filter { $0.hasPrefix("ack bkg_") }.map { String($0.dropFirst(4)) }
    #expect(ids.count >= 10, "\(burst.printed.suffix(500))")
    let file = server.directory + "/acknowledged.txt"
    try ids.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)

    let restarted = try await ServerProcess(environment: Self.admin, directory: server.directory)
    let probe = try await restarted.bookingProbe("acknowledged", ["--ids", file] + Self.credentials)
    #expect(probe.status == 0, "\(probe.output)")
    #expect(await restarted.stop() == 0)
  }

  @Test("the rentguy CLI takes a booking from a lead through quote, confirmation (watched live) and close to its invoice")
  func cliBookingFlow() async throws {
    let server = try await ServerProcess(environment: Self.admin)
    let cli = TestEnvironment.builtProduct("rentguy")
    let environment = ["RENTGUY_SERVER": "127.0.0.1:\(server.grpcPort)", "XDG_CONFIG_HOME": server.directory + "/config"]
    func rentguy(_ arguments: String) async throws -> ProcessOutput {
      try await Subprocess.run("/bin/sh", ["-c", "'\(cli)' \(arguments)"], environment: environment, timeout: .seconds(60))
    }
    func json(_ output: ProcessOutput) -> [String: Any] {
      (try? JSONSerialization.jsonObject(with: Data(output.output.utf8))) as? [String: Any] ?? [:]
    }
    func id(_ output: ProcessOutput) -> String {
      let object = json(output)
      for key in ["id", "booking", "product", "customer", "invoice"] {
        if let value = object[key] as? String { return value }
        if let nested = object[key] as? [String: Any], let value = nested["id"] as? String { return value }
      }
      return ""
    }

    try "a long planner password\n".write(toFile: server.directory + "/password", atomically: true, encoding: .utf8)
    let login = try await rentguy("login --email planner@example.com --password-stdin < '\(server.directory)/password'")
    #expect(login.status == 0, "\(login.output)")

    let product = try await rentguy("products create --kind bulk --name 'Fog machine' --sku FOG-1 --day-price 35.00 --bulk-quantity 2 --output json")
    #expect(product.status == 0, "\(product.output)")
    let productID = id(product)
    #expect(productID.hasPrefix("prd_"), "\(product.output)")
    let customer = try await rentguy("customers create --name 'Feest BV' --email feest@example.com --output json")
    let customerID = id(customer)
    #expect(customerID.hasPrefix("cus_"), "\(customer.output)")

    let available = try await rentguy("availability \(productID) --from 2027-03-05 --to 2027-03-07 --quantity 2")
    #expect(available.status == 0 && available.output.contains("Fog machine"), "\(available.output)")
    let lead = try await rentguy(
      "leads submit --name 'Sam de Vries' --email sam@example.com --from 2027-03-05T16:00 --to 2027-03-07T10:00 --item \(productID)=2 --consent --output json"
    )
    #expect(lead.status == 0, "\(lead.output)")
    let leadID = json(lead)["id"] as? String ?? json(lead)["lead"] as? String ?? ""
    #expect(leadID.hasPrefix("led_"), "\(lead.output)")
    let converted = try await rentguy("leads convert \(leadID) --customer \(customerID) --output json")
    #expect(converted.status == 0, "\(converted.output)")
    let bookingID = json(converted)["booking"] as? String ?? ""
    #expect(bookingID.hasPrefix("bkg_"), "\(converted.output)")
    let watch = try BackgroundProcess("/bin/sh", ["-c", "exec '\(cli)' bookings watch --from-beginning --booking \(bookingID)"], environment: environment)
    #expect(try await rentguy("bookings quote \(bookingID)").status == 0)
    let confirmed = try await rentguy("bookings confirm \(bookingID)")
    #expect(confirmed.status == 0 && confirmed.output.contains("CONFIRMED"), "\(confirmed.output)")
    let other = try await rentguy("bookings create --customer \(customerID) --from 2027-03-06 --to 2027-03-07 --item \(productID)=1 --output json")
    let refused = try await rentguy("bookings confirm \(id(other))")
    #expect(refused.status != 0 && refused.output.contains("FAILED_PRECONDITION"), "\(refused.output)")
    #expect(await watch.waitForOutput(containing: "CONFIRMED", timeout: .seconds(20)), "\(watch.printed)")
    _ = await watch.stop()
    let closed = try await rentguy("bookings close \(bookingID)")
    #expect(closed.status == 0 && closed.output.contains("CLOSED"), "\(closed.output)")
    let number = closed.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("F") && $0.contains("-") }.map(String.init) ?? ""
    #expect(!number.isEmpty, "\(closed.output)")
    // 2 × EUR 35.00 × 3 billable days (Fri, Sat, Sun) = EUR 210.00 + 21 % VAT = EUR 254.10.
    let invoice = try await rentguy("invoices get \(number)")
    #expect(invoice.status == 0 && invoice.output.contains("254.10"), "\(invoice.output)")
    let list = try await rentguy("invoices list --output json")
    #expect(list.output.contains(number), "\(list.output)")
    #expect(await server.stop() == 0)
  }
}
