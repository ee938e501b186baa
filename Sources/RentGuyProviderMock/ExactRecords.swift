import Foundation

/// The Exact Online objects the mock keeps (rendered to JSON by ``ExactObjects``). Amounts in cents.
enum ExactRecords {
  /// A CRM account (a customer: `Status` `C`).
  struct Account: Sendable {
    /// A lowercase GUID.
    var id: String
    var code: String
    var name: String
    var email: String
    var status: String
    var created: Date
  }

  /// A sales entry (an invoice, `Type` 20, or a credit note, 21) in the sales journal.
  struct SalesEntry: Sendable {
    /// A lowercase GUID.
    var entryID: String
    var entryNumber: Int
    var journal: String
    /// The account's ID.
    var customerID: String
    var entryDate: String
    var description: String
    var yourRef: String
    var currency: String
    var type: Int
    var lines: [Line]
    var created: Date

    var amountExcludingVAT: Int { self.lines.reduce(0) { $0 + $1.amount } }
    var vatAmount: Int { self.lines.reduce(0) { $0 + $1.vatAmount } }
    /// `AmountDC`: including VAT.
    var amountIncludingVAT: Int { self.amountExcludingVAT + self.vatAmount }
  }

  /// One line: its amount excluding VAT and the VAT computed from the VAT code.
  struct Line: Sendable {
    var id: String
    var glAccount: String
    var description: String
    /// `AmountFC`, excluding VAT.
    var amount: Int
    var vatCode: String
    /// In hundredths of a percent.
    var vatPercentage: Int
    var vatAmount: Int
  }

  /// An authorization code from `/api/oauth2/auth`, single use.
  struct AuthorizationCode: Sendable {
    var clientID: String
    var redirectURI: String
    var expiresAt: Date
  }

  /// A live refresh token: the app and secret it was issued to, and the refresh token it
  /// replaced (which works until this grant's tokens are first used).
  struct RefreshGrant: Sendable {
    var clientID: String
    var clientSecret: String
    var issuedAt: Date
    var replaces: String? = nil
  }

  /// A live access token, and the refresh token issued with it.
  struct AccessToken: Sendable {
    var clientID: String
    var expiresAt: Date
    var refreshToken: String = ""
  }
}
