import ArgumentParser
import Foundation
import GRPCCore
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy exports start|list|get|cancel|watch|report|ubl`.
struct ExportsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exports", abstract: "Accounting exports to Moneybird or Exact Online: run, follow, reconcile, UBL.",
    subcommands: [Start.self, List.self, Get.self, Cancel.self, Watch.self, Report.self, Ubl.self]
  )

  struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export a period's invoices, credit notes and payments; prints the export and its planned duration.",
      discussion: """
        Documents exported before (to this provider) are not sent again. FAILED_PRECONDITION when the provider \
        is not connected, the mapping lacks an account or VAT code a document needs (MAPPING_MISSING), or an \
        export to it is running. --dry-run builds everything and the report without sending. --watch follows \
        the export like `rentguy exports watch` (exit status 1 unless it SUCCEEDED).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Where to: moneybird or exact.") var provider: AccountingProviderArgument
    @Option(help: ArgumentHelp("What to export, comma-separated: invoices, payments (default both).", valueName: "kinds"))
    var kinds: String?
    @OptionGroup var period: ExportPeriodOptions
    @Flag(help: "Build the documents and the report, send nothing.") var dryRun = false
    @Flag(help: "Follow the export until it ends.") var watch = false

    func validate() throws {
      _ = try ExportFormat.kinds(kinds)
    }

    func run() async throws {
      let kinds = try ExportFormat.kinds(self.kinds)
      let period = try self.period.period()
      let (provider, dryRun, key) = (self.provider.proto, self.dryRun, UUID().uuidString)
      let export = try await global.call { client in
        try await client.export.startExport(.with {
          $0.idempotencyKey = key
          $0.provider = provider
          $0.kinds = kinds
          $0.period = period
          $0.dryRun = dryRun
        }).export
      }
      if watch && global.output == .json {
        // One JSON object per line while following: the export, the progress, the export at the end.
        let text = try export.jsonString()
        Console.output(text)
      } else {
        try DetailPrinter.print(
          global.output, message: export, sections: [ExportFormat.exportDetail(export, render: Render(global.output))]
        )
      }
      if watch { try await ExportsCommand.follow(export.id, global: global) }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List exports, newest first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this provider's: moneybird or exact.") var provider: AccountingProviderArgument?
    @Option(
      help: ArgumentHelp(
        "Only these statuses, comma-separated: \(ExportFormat.statusChoices.map(\.0).joined(separator: ", ")).",
        valueName: "statuses"
      )
    )
    var status: String?

    func validate() throws {
      _ = try PaymentFormat.list(status, option: "--status", choices: ExportFormat.statusChoices)
    }

    func run() async throws {
      let statuses = try PaymentFormat.list(self.status, option: "--status", choices: ExportFormat.statusChoices)
      let provider = self.provider?.proto ?? .unspecified
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.export.listExports(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.provider = provider
          $0.statuses = statuses
        })
      }
      OutputPrinter(format: global.output).print(rows: ExportFormat.exportRows(response.exports, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show an export: status, counts, planned duration.", discussion: "With --output json, the export as protobuf JSON."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The export's id (exp_…).") var id: String

    func run() async throws {
      let id = self.id
      let export = try await global.call { try await $0.export.getExport(.with { $0.exportID = id }).export }
      try DetailPrinter.print(
        global.output, message: export, sections: [ExportFormat.exportDetail(export, render: Render(global.output))]
      )
    }
  }

  struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stop sending the rest of a running export; what was sent stays sent.",
      discussion: "FAILED_PRECONDITION for an export that has ended."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The export's id (exp_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      let export = try await global.call { client in
        try await client.export.cancelExport(.with {
          $0.idempotencyKey = key
          $0.exportID = id
        }).export
      }
      OutputPrinter(format: global.output).print(rows: ExportFormat.exportRows([export], render: Render(global.output)))
    }
  }

  struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Follow an export until it ends; exit status 0 when it SUCCEEDED, else 1.",
      discussion: """
        On a terminal a progress bar on standard error ([#####-----] 512/10000 sent 3 failed, done ~14:05), \
        otherwise one line per progress message; then the export on standard output. With --output json, one \
        JSON object per line (the progress messages, then the export).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The export's id (exp_…).") var id: String

    func run() async throws {
      try await ExportsCommand.follow(self.id, global: global)
    }
  }

  /// Streams WatchExport until the export ends, then prints it; exit status 1 unless it SUCCEEDED.
  static func follow(_ id: String, global: GlobalOptions) async throws {
    let json = global.output == .json
    let bar = isatty(STDERR_FILENO) == 1
    // The stream lasts as long as the export: no --timeout deadline for this call.
    var options = CallOptions.defaults
    options.timeout = Duration.seconds(366 * 24 * 3600)
    let callOptions = options
    let export: Rentguy_Export_V1_Export = try await global.call { client in
      try await client.export.watchExport(.with { $0.exportID = id }, options: callOptions) { response in
        var drawn = false
        defer { if drawn { ExportFormat.endProgressBar() } }
        for try await progress in response.messages {
          if bar {
            ExportFormat.drawProgressBar(progress)
            drawn = true
          } else if json {
            let text = try progress.jsonString()
            Console.output(text)
          } else {
            Console.output(ExportFormat.progressLine(progress))
          }
        }
      }
      return try await client.export.getExport(.with { $0.exportID = id }).export
    }
    if json {
      let text = try export.jsonString()
      Console.output(text)
    } else {
      try DetailPrinter.print(.table, message: export, sections: [ExportFormat.exportDetail(export, render: Render(.table))])
    }
    switch export.status {
    case .succeeded:
      return
    case .partiallyFailed, .failed, .canceled:
      throw ExitCode(1)
    default:
      Console.error("the export is still \(ExportFormat.name(export.status)): `rentguy exports watch \(export.id)` follows it again")
      throw ExitCode(1)
    }
  }

  struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The reconciliation: each document against what the provider has, totals per VAT rate and in all.",
      discussion: """
        Tables: one row per document (document, number, booking, status, local, provider, difference, message), \
        then the totals per VAT rate, then the grand totals. --output json gives the report as protobuf JSON; \
        --output csv the server's CSV file (every line, then the totals per VAT rate) on standard output or \
        in --file.
        """
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Output format: table, json or csv.") var output: ReportOutputFormat = .table
    @OptionGroup var page: PageOptions
    @Argument(help: "The export's id (exp_…).") var id: String
    @Flag(help: "Only the lines that need attention (FAILED, AMOUNT_MISMATCH, MISSING_AT_PROVIDER).") var problems = false
    @Flag(help: "Every line: follow the pages (tables and JSON).") var all = false
    @Option(help: ArgumentHelp("With --output csv: write the CSV to this file instead of standard output.", valueName: "path"))
    var file: String?

    func validate() throws {
      if output == .csv {
        if problems { throw ValidationError("--problems does not apply to --output csv (the CSV has every line)") }
      } else if file != nil {
        throw ValidationError("--file is for --output csv")
      }
    }

    func run() async throws {
      let id = self.id
      if output == .csv {
        let file = try await connection.call { client in
          try await client.export.renderReconciliationReport(.with {
            $0.exportID = id
            $0.format = .csv
          })
        }
        if let path = self.file {
          try file.content.write(to: URL(fileURLWithPath: path), options: .atomic)
          Console.error("\(path): \(file.content.count) bytes")
        } else {
          FileHandle.standardOutput.write(file.content)
        }
        return
      }
      let (problems, all, size, token) = (self.problems, self.all, self.page.pageSize, self.page.token)
      let report: Rentguy_Export_V1_GetReconciliationReportResponse = try await connection.call { client in
        var request = Rentguy_Export_V1_GetReconciliationReportRequest()
        request.exportID = id
        request.pageSize = size
        request.pageToken = token
        request.problemsOnly = problems
        var report = try await client.export.getReconciliationReport(request)
        while all && !report.nextPageToken.isEmpty {
          request.pageToken = report.nextPageToken
          let next = try await client.export.getReconciliationReport(request)
          report.lines += next.lines
          report.nextPageToken = next.nextPageToken
        }
        return report
      }
      let format = self.output.format
      if format == .table && problems && report.lines.isEmpty && report.nextPageToken.isEmpty {
        Console.error("no line needs attention")
      }
      let head = ExportFormat.exportRows([report.export], render: Render(format))
      try DetailPrinter.print(
        format, message: report,
        sections: [
          head, ExportFormat.reconciliationRows(report.lines), ExportFormat.vatTotalRows(report.vatTotals),
          [ExportFormat.totalRow(report)],
        ]
      )
      PageOptions.report(report.nextPageToken)
    }
  }

  struct Ubl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ubl",
      abstract: "Save a period's invoices and credit notes as UBL 2.1 / Peppol BIS 3.0 XML, one file per document.",
      discussion: """
        Files are named after the invoice number (F2026-00001.xml) and replace files of that name. One line per \
        file written (with --output json, one JSON object per line).
        """
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: ExportPeriodOptions
    @Option(help: ArgumentHelp("Where to write the files (created when missing).", valueName: "dir")) var dir = "."

    func run() async throws {
      let period = try self.period.period()
      let dir = self.dir
      try FileManager.default.createDirectory(at: URL(fileURLWithPath: dir, isDirectory: true), withIntermediateDirectories: true)
      let json = global.output == .json
      // A year of invoices takes a while: at least an hour for the whole stream.
      var options = CallOptions.defaults
      options.timeout = Duration.seconds(max(global.timeout, 3600))
      let callOptions = options
      let tally: UblTally = try await global.call { client in
        try await client.export.downloadUbl(.with { $0.period = period }, options: callOptions) {
          (response) async throws -> UblTally in
          var tally = UblTally()
          for try await file in response.messages {
            guard ExportFormat.isPlainFileName(file.filename) else {
              RPCFailure.printError("error: refused the file name '\(file.filename)' from the server (not a plain file name)")
              tally.refused += 1
              continue
            }
            let path = dir == "." ? file.filename : (dir.hasSuffix("/") ? dir + file.filename : dir + "/" + file.filename)
            try file.content.write(to: URL(fileURLWithPath: path), options: .atomic)
            tally.written += 1
            if json {
              Console.output(ExportFormat.jsonLine([("file", path), ("bytes", String(file.content.count))]))
            } else {
              Console.output("\(path)  \(file.content.count) bytes")
            }
          }
          return tally
        }
      }
      Console.error(tally.written == 1 ? "1 file written" : "\(tally.written) files written")
      if tally.refused > 0 { throw ExitCode(1) }
    }
  }
}

/// What `exports ubl` wrote.
struct UblTally: Sendable {
  var written = 0
  var refused = 0
}

/// `exports report --output`: the global formats and the server's CSV file.
enum ReportOutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv

  /// The format of tables and JSON (csv is printed as the server renders it).
  var format: OutputFormat { self == .json ? .json : .table }
}
