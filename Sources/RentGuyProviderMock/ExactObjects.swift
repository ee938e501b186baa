import Foundation

/// Exact Online's JSON (OData v2) shapes for the mock's records: amounts as JSON numbers.
enum ExactObjects {
  /// Cents as a JSON number in whole units (`12100` → `121.0`).
  static func amount(_ cents: Int) -> JSONValue {
    .double(Double(cents) / 100)
  }

  static func account(_ account: ExactRecords.Account, division: Int) -> [String: JSONValue] {
    [
      "ID": .string(account.id),
      "Code": .string(account.code),
      "Name": .string(account.name),
      "Email": .string(account.email),
      "Status": .string(account.status),
      "Division": .int(division),
    ]
  }

  static func salesEntry(_ entry: ExactRecords.SalesEntry, division: Int) -> [String: JSONValue] {
    [
      "EntryID": .string(entry.entryID),
      "EntryNumber": .int(entry.entryNumber),
      "Journal": .string(entry.journal),
      "Customer": .string(entry.customerID),
      "EntryDate": .string(entry.entryDate),
      "Description": .string(entry.description),
      "YourRef": .string(entry.yourRef),
      "Currency": .string(entry.currency),
      "Type": .int(entry.type),
      "AmountDC": Self.amount(entry.amountIncludingVAT),
      "AmountFC": Self.amount(entry.amountIncludingVAT),
      "VATAmountDC": Self.amount(entry.vatAmount),
      "VATAmountFC": Self.amount(entry.vatAmount),
      "Division": .int(division),
      "SalesEntryLines": ["results": .array(entry.lines.map { Self.line($0, entryID: entry.entryID, division: division) })],
    ]
  }

  static func line(_ line: ExactRecords.Line, entryID: String, division: Int) -> JSONValue {
    [
      "ID": .string(line.id),
      "EntryID": .string(entryID),
      "GLAccount": .string(line.glAccount),
      "Description": .string(line.description),
      "AmountFC": Self.amount(line.amount),
      "AmountDC": Self.amount(line.amount),
      "VATCode": .string(line.vatCode),
      "VATPercentage": .double(Double(line.vatPercentage) / 10_000),
      "VATAmountFC": Self.amount(line.vatAmount),
      "VATAmountDC": Self.amount(line.vatAmount),
      "Division": .int(division),
    ]
  }

  /// `{"d": {"results": [...]}}`.
  static func results(_ items: [JSONValue]) -> JSONValue {
    ["d": ["results": .array(items)]]
  }

  /// `{"d": {...}}`.
  static func single(_ item: JSONValue) -> JSONValue {
    ["d": item]
  }
}
