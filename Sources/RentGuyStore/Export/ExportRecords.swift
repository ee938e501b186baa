/// An export run as stored (times in Unix milliseconds).
public struct StoredExport: Sendable, Equatable {
  /// `exp_…`
  public var id: String
  /// export.v1.AccountingProvider
  public var provider: Int
  /// export.v1.ExportKind numbers.
  public var kinds: [Int]
  public var periodStart: Int64
  public var periodEnd: Int64
  public var dryRun: Bool
  /// export.v1.ExportStatus
  public var status: Int
  public var scheduleID: String = ""
  /// Who started it: a user or API key id, or "schedule".
  public var startedBy: String
  public var total: Int = 0
  public var succeeded: Int = 0
  public var failed: Int = 0
  public var skipped: Int = 0
  public var pending: Int = 0
  public var plannedMilliseconds: Int64 = 0
  public var createdAt: Int64
  public var startedAt: Int64?
  public var finishedAt: Int64?
  public var failureReason: String = ""

  public init(id: String, provider: Int, kinds: [Int], periodStart: Int64, periodEnd: Int64, dryRun: Bool, status: Int, startedBy: String, createdAt: Int64) {
    self.id = id
    self.provider = provider
    self.kinds = kinds
    self.periodStart = periodStart
    self.periodEnd = periodEnd
    self.dryRun = dryRun
    self.status = status
    self.startedBy = startedBy
    self.createdAt = createdAt
  }
}

/// One document of an export: an invoice, a credit note or a payment, with RentGuy's amounts and
/// (once known) the provider's.
public struct StoredExportItem: Sendable, Equatable {
  public var exportID: String
  /// 0, 1, … in the order the documents are sent (invoices before the payments booked on them).
  public var position: Int
  /// export.v1.DocumentKind
  public var document: Int
  /// `inv_…` or `pay_…`
  public var documentID: String
  public var invoiceID: String
  public var invoiceNumber: String
  public var bookingID: String
  public var bookingNumber: String
  public var customerID: String
  public var paymentID: String = ""
  public var currency: String
  /// Including VAT.
  public var localAmountMinor: Int64
  public var localVATMinor: Int64
  /// Per VAT rate: (category, rate in basis points, net, VAT).
  public var vatBreakdown: [VATLine] = []
  public var providerAmountMinor: Int64?
  public var providerVATMinor: Int64?
  public var providerDocumentID: String = ""
  /// Sent to this provider by an earlier export: checked, not sent again.
  public var exportedBefore: Bool = false
  /// export.v1.ReconciliationStatus
  public var status: Int
  public var message: String = ""

  /// One VAT rate's share of a document.
  public struct VATLine: Sendable, Equatable {
    public var category: Int
    public var rateBasisPoints: Int
    public var netMinor: Int64
    public var vatMinor: Int64

    public init(category: Int, rateBasisPoints: Int, netMinor: Int64, vatMinor: Int64) {
      self.category = category
      self.rateBasisPoints = rateBasisPoints
      self.netMinor = netMinor
      self.vatMinor = vatMinor
    }
  }

  public init(
    exportID: String, position: Int, document: Int, documentID: String, invoiceID: String, invoiceNumber: String, bookingID: String,
    bookingNumber: String, customerID: String, currency: String, localAmountMinor: Int64, localVATMinor: Int64, status: Int
  ) {
    self.exportID = exportID
    self.position = position
    self.document = document
    self.documentID = documentID
    self.invoiceID = invoiceID
    self.invoiceNumber = invoiceNumber
    self.bookingID = bookingID
    self.bookingNumber = bookingNumber
    self.customerID = customerID
    self.currency = currency
    self.localAmountMinor = localAmountMinor
    self.localVATMinor = localVATMinor
    self.status = status
  }
}

/// A document sent to a provider: at most one per (provider, document).
public struct ExportedDocument: Sendable, Equatable {
  public var provider: Int
  public var documentID: String
  public var providerDocumentID: String
  /// What the provider answered: total including VAT, and VAT.
  public var amountMinor: Int64
  public var vatMinor: Int64
  public var exportID: String
  public var exportedAt: Int64

  public init(provider: Int, documentID: String, providerDocumentID: String, amountMinor: Int64, vatMinor: Int64, exportID: String, exportedAt: Int64) {
    self.provider = provider
    self.documentID = documentID
    self.providerDocumentID = providerDocumentID
    self.amountMinor = amountMinor
    self.vatMinor = vatMinor
    self.exportID = exportID
    self.exportedAt = exportedAt
  }
}

/// A provider connection as stored: the settings (protobuf, no secrets) and the secrets beside them.
public struct StoredAccountingConnection: Sendable, Equatable {
  public var provider: Int
  /// export.v1.Connection without secrets.
  public var settings: [UInt8]
  /// Moneybird API token / Exact client secret; "" when not set.
  public var secret: String = ""
  public var accessToken: String = ""
  public var accessTokenExpiresAt: Int64 = 0
  public var refreshToken: String = ""
  public var refreshTokenExpiresAt: Int64 = 0
  /// Exact: the `state` of the authorization in progress.
  public var oauthState: String = ""
  public var version: Int64 = 0
  public var updatedAt: Int64 = 0

  public init(provider: Int, settings: [UInt8]) {
    self.provider = provider
    self.settings = settings
  }
}

/// A protobuf document stored with its version (mappings, schedules).
public struct VersionedDocument: Sendable, Equatable {
  public var id: String
  public var document: [UInt8]
  public var version: Int64
  public var updatedAt: Int64

  public init(id: String, document: [UInt8], version: Int64, updatedAt: Int64) {
    self.id = id
    self.document = document
    self.version = version
    self.updatedAt = updatedAt
  }
}
