import Foundation

extension ExactAPI {
  /// The token's user (`/current/Me`).
  public struct Me: Sendable, Equatable {
    public var currentDivision: Int
    public var fullName: String

    init(_ object: [String: Any]) {
      self.currentDivision = ProviderJSON.int(object["CurrentDivision"]) ?? 0
      self.fullName = object["FullName"] as? String ?? ""
    }
  }

  /// An account (customer) as far as RentGuy reads it.
  public struct Account: Sendable, Equatable {
    /// A GUID.
    public var id: String
    /// RentGuy's customer number.
    public var code: String
    public var name: String
    public var email: String

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["ID"]) ?? ""
      self.code = ProviderJSON.string(object["Code"]) ?? ""
      self.name = object["Name"] as? String ?? ""
      self.email = object["Email"] as? String ?? ""
    }
  }

  /// A sales entry as far as RentGuy reads it. Amounts in minor units of the division's currency.
  public struct SalesEntry: Sendable, Equatable {
    /// `EntryID`, a GUID.
    public var id: String
    public var entryNumber: Int
    /// RentGuy's invoice number.
    public var yourRef: String
    /// `AmountDC`: including VAT (negative on a credit note).
    public var amountMinor: Int64
    /// `VATAmountDC`.
    public var vatAmountMinor: Int64
    /// 20: invoice, 21: credit note.
    public var type: Int

    /// Excluding VAT.
    public var amountExcludingVATMinor: Int64 { self.amountMinor - self.vatAmountMinor }

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["EntryID"]) ?? ""
      self.entryNumber = ProviderJSON.int(object["EntryNumber"]) ?? 0
      self.yourRef = ProviderJSON.string(object["YourRef"]) ?? ""
      self.amountMinor = ProviderJSON.minor(object["AmountDC"]) ?? 0
      self.vatAmountMinor = ProviderJSON.minor(object["VATAmountDC"]) ?? 0
      self.type = ProviderJSON.int(object["Type"]) ?? 0
    }
  }

  /// A sales entry to create. Line amounts exclude VAT; Exact computes the VAT per line from the
  /// VAT code.
  public struct NewSalesEntry: Sendable, Equatable {
    /// The sales journal code ("70").
    public var journal: String
    /// The account's ID (a GUID).
    public var customerID: String
    /// yyyy-MM-dd
    public var entryDate: String
    public var description: String
    /// RentGuy's invoice number (found again by ``ExactAPI/salesEntry(yourRef:)``).
    public var yourRef: String
    public var currency: String
    public var type: EntryType
    public var lines: [Line]

    /// Exact's entry types.
    public enum EntryType: Int, Sendable {
      case invoice = 20
      case creditNote = 21
    }

    /// One line.
    public struct Line: Sendable, Equatable {
      /// The revenue GL account's code ("8000").
      public var glAccount: String
      public var description: String
      /// Excluding VAT, in minor units (negative on a credit note); written with two decimals.
      public var amountMinor: Int64
      /// The VAT code ("2": 21 %).
      public var vatCode: String

      public init(glAccount: String, description: String, amountMinor: Int64, vatCode: String) {
        self.glAccount = glAccount
        self.description = description
        self.amountMinor = amountMinor
        self.vatCode = vatCode
      }

      var json: JSONText {
        .object([
          ("GLAccount", .string(self.glAccount)), ("Description", .string(self.description)), ("AmountFC", .decimal(minor: self.amountMinor)),
          ("VATCode", .string(self.vatCode)),
        ])
      }
    }

    public init(
      journal: String = "70", customerID: String, entryDate: String, description: String, yourRef: String, currency: String = "EUR",
      type: EntryType, lines: [Line]
    ) {
      self.journal = journal
      self.customerID = customerID
      self.entryDate = entryDate
      self.description = description
      self.yourRef = yourRef
      self.currency = currency
      self.type = type
      self.lines = lines
    }

    var json: JSONText {
      .object([
        ("Journal", .string(self.journal)), ("Customer", .string(self.customerID)), ("EntryDate", .string(self.entryDate)),
        ("Description", .string(self.description)), ("YourRef", .string(self.yourRef)), ("Currency", .string(self.currency.uppercased())),
        ("Type", .integer(Int64(self.type.rawValue))), ("SalesEntryLines", .array(self.lines.map(\.json))),
      ])
    }
  }
}
