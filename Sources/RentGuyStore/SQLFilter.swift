import GRDB

/// The WHERE clause of a list query, built from the filters a caller gave: each condition with
/// its arguments, joined by AND (no clause at all when there is none).
struct SQLFilter {
  private var conditions: [String] = []
  private var values: [(any DatabaseValueConvertible)?] = []

  /// Adds `condition` with its `?` arguments.
  mutating func add(_ condition: String, _ arguments: (any DatabaseValueConvertible)?...) {
    self.conditions.append(condition)
    self.values += arguments
  }

  /// Adds `column = ?` when `value` is given.
  mutating func equals(_ column: String, _ value: (any DatabaseValueConvertible)?) {
    if let value { self.add("\(column) = ?", value) }
  }

  /// Adds `column IN (…)` when `values` is not empty.
  mutating func among(_ column: String, _ values: [Int]) {
    guard !values.isEmpty else { return }
    self.conditions.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ", ")))")
    self.values += values.map { $0 }
  }

  /// Adds `id < ?` for a page after `before` (newest first), unless it is the first page.
  mutating func before(_ id: String) {
    if !id.isEmpty { self.add("id < ?", id) }
  }

  /// "WHERE …", or "".
  var clause: String { self.conditions.isEmpty ? "" : "WHERE " + self.conditions.joined(separator: " AND ") }

  var arguments: StatementArguments { StatementArguments(self.values) }
}
