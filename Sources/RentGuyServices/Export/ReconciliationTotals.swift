import RentGuyProto
import SwiftProtobuf
import RentGuyStore

/// Sums a report's lines: RentGuy's and the provider's totals, and per VAT rate the net and VAT
/// of the invoices and credit notes. The provider answers a document's total and VAT, not its
/// split per rate: a document it holds as RentGuy does counts as RentGuy's split; otherwise its
/// difference is put on the document's largest rate (for a one-rate document, exact).
struct ReconciliationTotals {
  private(set) var localTotal: Int64 = 0
  private(set) var providerTotal: Int64 = 0
  private var rates: [Key: Sums] = [:]
  let currency: String

  private struct Key: Hashable, Comparable {
    var category: Int
    var rate: Int
    static func < (a: Key, b: Key) -> Bool { (a.rate, a.category) > (b.rate, b.category) }
  }

  private struct Sums {
    var localNet: Int64 = 0
    var localVAT: Int64 = 0
    var providerNet: Int64 = 0
    var providerVAT: Int64 = 0
  }

  init(currency: String) {
    self.currency = currency
  }

  mutating func add(_ item: StoredExportItem) {
    self.localTotal += item.localAmountMinor
    self.providerTotal += item.providerAmountMinor ?? 0
    guard item.document != Rentguy_Export_V1_DocumentKind.payment.rawValue, !item.vatBreakdown.isEmpty else { return }
    for line in item.vatBreakdown {
      let key = Key(category: line.category, rate: line.rateBasisPoints)
      self.rates[key, default: Sums()].localNet += line.netMinor
      self.rates[key, default: Sums()].localVAT += line.vatMinor
    }
    guard let amount = item.providerAmountMinor, let vat = item.providerVATMinor else { return }
    var largest = item.vatBreakdown[0]
    for line in item.vatBreakdown where abs(line.netMinor) > abs(largest.netMinor) { largest = line }
    for line in item.vatBreakdown {
      let key = Key(category: line.category, rate: line.rateBasisPoints)
      self.rates[key, default: Sums()].providerNet += line.netMinor
      self.rates[key, default: Sums()].providerVAT += line.vatMinor
    }
    let key = Key(category: largest.category, rate: largest.rateBasisPoints)
    let vatDifference = vat - item.localVATMinor
    let netDifference = (amount - vat) - (item.localAmountMinor - item.localVATMinor)
    self.rates[key, default: Sums()].providerNet += netDifference
    self.rates[key, default: Sums()].providerVAT += vatDifference
  }

  /// Highest rate first.
  var vatTotals: [Rentguy_Export_V1_VatRateTotal] {
    self.rates.keys.sorted().map { key in
      let sums = self.rates[key]!
      func money(_ amount: Int64) -> Rentguy_Common_V1_Money {
        .with {
          $0.amountMinor = amount
          $0.currency = self.currency
        }
      }
      return .with {
        $0.category = .init(rawValue: key.category) ?? .unspecified
        $0.rateBp = Int32(key.rate)
        $0.localNet = money(sums.localNet)
        $0.localVat = money(sums.localVAT)
        $0.providerNet = money(sums.providerNet)
        $0.providerVat = money(sums.providerVAT)
      }
    }
  }
}
