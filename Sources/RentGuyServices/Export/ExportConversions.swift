import Foundation
import RentGuyProto
import SwiftProtobuf
import RentGuyStore

extension Rentguy_Export_V1_Export {
  init(_ e: StoredExport) {
    self.init()
    self.id = e.id
    self.provider = .init(rawValue: e.provider) ?? .unspecified
    self.kinds = e.kinds.map { .init(rawValue: $0) ?? .unspecified }
    self.period = .with {
      $0.start = .init(milliseconds: e.periodStart)
      $0.end = .init(milliseconds: e.periodEnd)
    }
    self.dryRun = e.dryRun
    self.status = .init(rawValue: e.status) ?? .unspecified
    self.counts = .with {
      $0.total = Int32(e.total)
      $0.succeeded = Int32(e.succeeded)
      $0.failed = Int32(e.failed)
      $0.skipped = Int32(e.skipped)
      $0.pending = Int32(e.pending)
    }
    self.scheduleID = e.scheduleID
    self.startedBy = .with { $0.id = e.startedBy }
    self.createdAt = .init(milliseconds: e.createdAt)
    if let started = e.startedAt { self.startedAt = .init(milliseconds: started) }
    if let finished = e.finishedAt { self.finishedAt = .init(milliseconds: finished) }
    self.failureReason = e.failureReason
    self.plannedDuration = .with {
      $0.seconds = e.plannedMilliseconds / 1000
      $0.nanos = Int32(e.plannedMilliseconds % 1000) * 1_000_000
    }
  }
}

extension Rentguy_Export_V1_ReconciliationLine {
  init(_ item: StoredExportItem) {
    self.init()
    let document = Rentguy_Export_V1_DocumentKind(rawValue: item.document) ?? .unspecified
    self.document = document
    self.kind = document == .payment ? .payments : .invoices
    self.bookingID = item.bookingID
    self.bookingNumber = item.bookingNumber
    self.paymentID = item.paymentID
    self.invoiceID = item.invoiceID
    self.invoiceNumber = item.invoiceNumber
    self.localAmount = .with {
      $0.amountMinor = item.localAmountMinor
      $0.currency = item.currency
    }
    self.localVat = .with {
      $0.amountMinor = item.localVATMinor
      $0.currency = item.currency
    }
    if let amount = item.providerAmountMinor {
      self.providerAmount = .with {
        $0.amountMinor = amount
        $0.currency = item.currency
      }
    }
    if let vat = item.providerVATMinor {
      self.providerVat = .with {
        $0.amountMinor = vat
        $0.currency = item.currency
      }
    }
    self.providerDocumentID = item.providerDocumentID
    self.status = .init(rawValue: item.status) ?? .unspecified
    self.message = item.message
  }
}

extension Rentguy_Export_V1_AccountingProvider {
  /// "moneybird", "exact": queue names, logs.
  var slug: String {
    switch self {
    case .moneybird: "moneybird"
    case .exact: "exact"
    default: "unknown"
    }
  }
}
