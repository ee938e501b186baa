import ArgumentParser
import Foundation

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned columns with a header, for people.
  case table
  /// One JSON document, for scripts.
  case json
}

/// Prints rows as a table or JSON: the one output path every subcommand uses.
struct OutputPrinter {
  let format: OutputFormat

  /// Prints `rows` (each a list of (column, value) pairs in column order).
  func print(rows: [[(String, String)]]) {
    switch format {
    case .table:
      Swift.print(Self.table(rows), terminator: "")
    case .json:
      let objects = rows.map { Dictionary($0, uniquingKeysWith: { first, _ in first }) }
      let value: Any = objects.count == 1 ? objects[0] : objects
      let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted])) ?? Data()
      Swift.print(String(decoding: data, as: UTF8.self))
    }
  }

  /// Aligned columns with an upper-case header.
  static func table(_ rows: [[(String, String)]]) -> String {
    guard let columns = rows.first?.map(\.0) else { return "" }
    let cells = [columns.map { $0.uppercased() }] + rows.map { $0.map(\.1) }
    let widths = columns.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
    return cells.map { row in
      row.enumerated().map { column, value in
        column == row.count - 1 ? value : value.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
