import ArgumentParser
import Foundation
import GRPCCore
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy scan`: sends scans over one StreamScans stream, as a scanner device does, and prints
/// each acknowledgement as it arrives.
struct ScanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Scan barcodes: check out, check in, prepare or audit equipment.",
    discussion: """
      The barcodes are the arguments, or else the lines of standard input until it ends (a USB barcode scanner \
      types them like a keyboard). Every scan goes over one stream as soon as it is read, and each answer is \
      printed as it arrives: BARCODE RESULT [REASON] MESSAGE, with a line per asset for a case barcode; a \
      summary follows at the end. With --output json, each acknowledgement is one JSON object per line (the \
      summary then goes to standard error). Exit status: 0 when every scan was ACCEPTED or DUPLICATE, 1 when \
      any was a CONFLICT or REJECTED, 2 when the stream failed.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "What the scans mean.") var action: ScanActionArgument
  @Option(help: "The booking (bkg_…): required for check-out and prepare.") var booking: String?
  @Option(help: "Where the scans happen (loc_…); default: the home location of the device's API key.") var location: String?
  @Option(help: "For check-in: the state the items come back in (default ok).") var condition: ItemConditionArgument?
  @Option(help: "The scanner's device id (default: this host's name).") var device: String?
  @Option(help: "For bulk barcodes: how many items each scan moves (default 1).") var quantity: Int32?
  @Option(help: "A note stored with every scan.") var note: String?
  @Argument(help: "Barcodes of assets, cases or bulk products (default: one per line of standard input).")
  var barcodes: [String] = []

  func validate() throws {
    if action == .checkOut || action == .prepare, (booking ?? "").isEmpty {
      throw ValidationError("--booking is required for \(action.rawValue)")
    }
    if condition != nil && action != .checkIn { throw ValidationError("--condition is for check-in only") }
    if let quantity, quantity < 1 { throw ValidationError("--quantity must be at least 1") }
  }

  func run() async throws {
    var template = Rentguy_Warehouse_V1_ScanRequest()
    template.deviceID = self.device ?? ProcessInfo.processInfo.hostName
    template.action = self.action.proto
    template.bookingID = self.booking ?? ""
    template.locationID = self.location ?? ""
    template.quantity = self.quantity ?? 0
    template.condition = self.condition?.proto ?? .unspecified
    template.note = self.note ?? ""
    let scan = template

    let arguments = self.barcodes.filter { !$0.isEmpty }
    let source: AsyncStream<String>
    if self.barcodes.isEmpty {
      if isatty(STDIN_FILENO) == 1 { Console.error("Scan barcodes, one per line; end with Ctrl-D.") }
      source = Self.standardInputLines()
    } else {
      source = Self.stream(of: arguments)
    }

    let json = global.output == .json
    let ledger = ScanLedger()
    // The stream lasts as long as the input: no --timeout deadline for this call.
    var options = CallOptions.defaults
    options.timeout = Duration.seconds(366 * 24 * 3600)
    let callOptions = options

    let tally: ScanTally = try await global.call { client in
      try await client.warehouse.streamScans(
        options: callOptions,
        requestProducer: { writer in
          // Each scan goes out as soon as it is read; returning finishes the request stream.
          var sequence: Int64 = 0
          for await barcode in source {
            sequence += 1
            var request = scan
            request.clientScanID = UUID().uuidString.lowercased()
            request.deviceSequence = sequence
            request.scannedAt = Google_Protobuf_Timestamp(date: Date())
            request.barcode = barcode
            await ledger.record(request)
            try await writer.write(request)
          }
        },
        onResponse: { (response) async throws -> ScanTally in
          // One ack per scan, in order, until the server ends the stream after the last one.
          var counted = ScanTally()
          var bookingStatus = Rentguy_Booking_V1_BookingStatus.unspecified
          for try await ack in response.messages {
            let barcode = await ledger.barcode(for: ack)
            counted.count(ack.result)
            if json {
              let text = try ack.jsonString()
              Console.output(text)
            } else {
              let changed = ack.bookingStatus != .unspecified && ack.bookingStatus != bookingStatus
              if changed { bookingStatus = ack.bookingStatus }
              for line in ScanCommand.lines(ack, barcode: barcode, bookingStatusChanged: changed) {
                Console.output(line)
              }
            }
          }
          return counted
        }
      )
    }

    if json { Console.error(tally.summary) } else { Console.output(tally.summary) }
    let sent = await ledger.sent
    if tally.total < sent {
      RPCFailure.printError("error: the stream ended without an answer to \(sent - tally.total) of \(sent) scans")
      throw RPCFailure.exitCode
    }
    if !tally.allAcceptedOrDuplicate { throw ExitCode(1) }
  }

  /// `"4006381333931 CONFLICT ALREADY_CHECKED_OUT Already out on RG-2026-00041"`, then for a case
  /// `"  ast_… ACCEPTED"` per asset. A change of the booking's status is noted at the end of the line.
  static func lines(_ ack: Rentguy_Warehouse_V1_ScanAck, barcode: String, bookingStatusChanged: Bool) -> [String] {
    var parts = [barcode, WarehouseFormat.name(ack.result), WarehouseFormat.name(ack.reason), ack.message]
    if bookingStatusChanged { parts.append("(booking \(BookingFormat.name(ack.bookingStatus)))") }
    var lines = [parts.filter { !$0.isEmpty }.joined(separator: " ")]
    if ack.assets.count > 1 {
      for outcome in ack.assets {
        let asset = [outcome.assetID, WarehouseFormat.name(outcome.result), WarehouseFormat.name(outcome.reason)]
        lines.append("  " + asset.filter { !$0.isEmpty }.joined(separator: " "))
      }
    }
    return lines
  }

  /// The lines of standard input (trimmed, blank ones skipped), read on a thread of their own so
  /// that waiting for the next scan blocks no task.
  static func standardInputLines() -> AsyncStream<String> {
    let (stream, continuation) = AsyncStream.makeStream(of: String.self)
    Thread.detachNewThread {
      while let line = readLine(strippingNewline: true) {
        let barcode = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if !barcode.isEmpty { continuation.yield(barcode) }
      }
      continuation.finish()
    }
    return stream
  }

  /// The given barcodes as a finished stream.
  static func stream(of barcodes: [String]) -> AsyncStream<String> {
    let (stream, continuation) = AsyncStream.makeStream(of: String.self)
    for barcode in barcodes { continuation.yield(barcode) }
    continuation.finish()
    return stream
  }
}

/// The scans sent on the stream: acks carry only the client scan id, so the barcode to print
/// comes from here.
actor ScanLedger {
  private var barcodes: [String: String] = [:]
  /// How many scans were sent.
  private(set) var sent = 0

  func record(_ scan: Rentguy_Warehouse_V1_ScanRequest) {
    self.barcodes[scan.clientScanID] = scan.barcode
    self.sent += 1
  }

  /// The barcode of the scan `ack` answers ("?" for a client scan id this stream did not send).
  func barcode(for ack: Rentguy_Warehouse_V1_ScanAck) -> String {
    self.barcodes.removeValue(forKey: ack.clientScanID) ?? "?"
  }
}

/// The results of a scan stream, counted.
struct ScanTally: Sendable {
  var total = 0
  var accepted = 0
  var duplicate = 0
  var conflict = 0
  var rejected = 0

  mutating func count(_ result: Rentguy_Warehouse_V1_ScanResult) {
    self.total += 1
    switch result {
    case .accepted: self.accepted += 1
    case .duplicate: self.duplicate += 1
    case .conflict: self.conflict += 1
    case .rejected: self.rejected += 1
    case .unspecified, .UNRECOGNIZED: break
    }
  }

  /// Whether every scan was ACCEPTED or DUPLICATE.
  var allAcceptedOrDuplicate: Bool { self.accepted + self.duplicate == self.total }

  /// `"5 scans: 3 accepted, 1 duplicate, 1 conflict, 0 rejected"`.
  var summary: String {
    "\(self.total) scans: \(self.accepted) accepted, \(self.duplicate) duplicate, "
      + "\(self.conflict) conflict, \(self.rejected) rejected"
  }
}
