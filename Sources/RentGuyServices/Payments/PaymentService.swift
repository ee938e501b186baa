import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyProviders
import RentGuyRules
public import RentGuyStore
import SwiftProtobuf

/// PaymentService: payments and refunds through Stripe and Mollie. A mutation stores its record
/// and commits the job that calls the provider in one transaction (never a provider call inside
/// a transaction); the providers' answers and webhooks move the payment through the state
/// machine of RentGuyRules (`PaymentLifecycle`) in `PaymentLedger`.
public struct PaymentService: Rentguy_Payment_V1_PaymentService.SimpleServiceProtocol {
  let repository: any IntegrationRepository
  let providers: PaymentProviders
  let jobsWoken: JobSignal
  let feed: BookingEventFeed

  static let service = "rentguy.payment.v1.PaymentService/"

  public init(repository: any IntegrationRepository, providers: PaymentProviders, jobsWoken: JobSignal, feed: BookingEventFeed) {
    self.repository = repository
    self.providers = providers
    self.jobsWoken = jobsWoken
    self.feed = feed
  }

  /// Runs a mutation in one transaction, then wakes the job workers and event watchers.
  func mutate<T: Sendable>(_ method: String, _ context: ServerContext, _ body: @escaping @Sendable (any IntegrationDatabase, Mutation) throws -> T)
    async throws -> T
  {
    try await self.repository.mutate(Self.service + method, context, jobsWoken: self.jobsWoken, feed: self.feed, body)
  }

  // MARK: - Payments

  public func createPayment(
    request: Rentguy_Payment_V1_CreatePaymentRequest, context: ServerContext
  ) async throws -> Rentguy_Payment_V1_CreatePaymentResponse {
    let bookingID = try BookingService.required(request.bookingID, field: "booking_id")
    let provider = request.provider
    switch provider {
    case .stripe where self.providers.stripe == nil, .mollie where self.providers.mollie == nil:
      throw IntegrationError(.failedPrecondition, "provider: \(provider) is not configured on this server", reason: .stateConflict, field: "provider")
    case .stripe, .mollie: break
    default: throw IntegrationError.invalidArgument("provider", "must be PAYMENT_PROVIDER_STRIPE or PAYMENT_PROVIDER_MOLLIE")
    }
    if case .UNRECOGNIZED = request.purpose { throw IntegrationError.invalidArgument("purpose", "is not a payment purpose") }
    guard request.hasAmount, request.amount.amountMinor > 0 else { throw IntegrationError.invalidArgument("amount", "must be more than zero") }
    guard request.amount.amountMinor <= 100_000_000_00 else { throw IntegrationError.invalidArgument("amount", "is too large") }
    guard request.description_p.count <= 200 else { throw IntegrationError.invalidArgument("description", "has more than 200 characters") }
    let returnURL = request.returnURL.isEmpty ? self.providers.defaultReturnURL : request.returnURL
    guard let url = URL(string: returnURL), ["https", "http"].contains(url.scheme?.lowercased() ?? ""), url.host != nil, returnURL.utf8.count <= 2000 else {
      throw IntegrationError.invalidArgument("return_url", "must be an absolute http(s) URL")
    }
    let created = try await self.mutate("CreatePayment", context) { db, mutation -> StoredPayment in
      guard let booking = try db.booking(bookingID) else { throw IntegrationError.notFound("booking", bookingID) }
      let state = BookingState(rawValue: booking.status)
      guard state != .canceled, state != .expired else {
        throw IntegrationError.state("booking \(booking.number) is \(state?.name ?? "?"): it cannot be paid", state: state?.name ?? "")
      }
      guard request.amount.currency.isEmpty || request.amount.currency.uppercased() == booking.currency else {
        throw IntegrationError.invalidArgument("amount.currency", "must be the booking's currency, \(booking.currency)")
      }
      // What may still be asked: the total and the security deposit, less what is paid or asked.
      let summary = try Self.summary(booking, db)
      let payable = summary.outstanding - summary.inProgress
      guard request.amount.amountMinor <= payable else {
        throw IntegrationError(
          .failedPrecondition,
          "amount: \(DecimalAmount.string(minor: request.amount.amountMinor)) is more than the \(DecimalAmount.string(minor: max(0, payable))) \(booking.currency) outstanding on booking \(booking.number) (payments in progress count)",
          reason: .stateConflict, field: "amount"
        )
      }
      var payment = StoredPayment(
        id: Identifier.make("pay"), bookingID: booking.id, provider: provider.rawValue, purpose: request.purpose.rawValue,
        status: PaymentState.pending.rawValue, amountMinor: request.amount.amountMinor, currency: booking.currency,
        description: request.description_p.isEmpty ? "Booking \(booking.number)" : request.description_p, returnURL: returnURL,
        createdAt: mutation.now
      )
      payment.updatedAt = mutation.now
      try db.insertPayment(payment)
      try db.enqueue(
        NewJob(
          queue: PaymentProviders.queue(provider), kind: provider == .stripe ? CheckoutJob.stripeKind : CheckoutJob.mollieKind,
          // With the default backoff (5 s doubling, at most 1 hour) about 10 hours of provider outage.
          resourceID: payment.id, maxAttempts: 16
        )
      )
      try mutation.audit(payment.id, "payment of \(DecimalAmount.string(minor: payment.amountMinor)) \(payment.currency) for \(booking.number) via \(provider)", in: db)
      _ = try mutation.respond(Rentguy_Payment_V1_CreatePaymentResponse.with { $0.payment = .init(payment) })
      return payment
    }
    guard request.waitForCheckoutURL else { return .with { $0.payment = .init(created) } }
    // Wait (up to 10 s) for the job to bring the checkout URL; the payment is stored either way.
    let deadline = ContinuousClock.now + .seconds(10)
    var latest = created
    while ContinuousClock.now < deadline, latest.status == PaymentState.pending.rawValue {
      try await Task.sleep(for: .milliseconds(50))
      latest = try await self.repository.read { db in try db.payment(created.id) } ?? latest
    }
    let answer = latest
    return .with { $0.payment = .init(answer) }
  }

  public func getPayment(request: Rentguy_Payment_V1_GetPaymentRequest, context: ServerContext) async throws -> Rentguy_Payment_V1_GetPaymentResponse {
    let payment = try await self.load(request.paymentID)
    return .with { $0.payment = .init(payment) }
  }

  func load(_ id: String) async throws -> StoredPayment {
    let id = try BookingService.required(id, field: "payment_id")
    guard let payment = try await self.repository.read({ db in try db.payment(id) }) else { throw IntegrationError.notFound("payment", id) }
    return payment
  }

  public func listPayments(
    request: Rentguy_Payment_V1_ListPaymentsRequest, context: ServerContext
  ) async throws -> Rentguy_Payment_V1_ListPaymentsResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let before = try BookingService.pageStart(request.pageToken)
    for status in request.statuses where PaymentState(rawValue: status.rawValue) == nil {
      throw IntegrationError.invalidArgument("statuses", "\(status) is not a payment status")
    }
    let period = request.hasPeriod ? (start: request.period.start.milliseconds, end: request.period.end.milliseconds) : nil
    let found = try await self.repository.read { db in
      try db.payments(
        bookingID: request.bookingID.isEmpty ? nil : request.bookingID, statuses: request.statuses.map(\.rawValue),
        provider: request.provider == .unspecified ? nil : request.provider.rawValue, period: period, before: before, limit: size + 1
      )
    }
    let page = BookingService.page(found, size: size, id: \.id)
    return .with {
      $0.payments = page.items.map(Rentguy_Payment_V1_Payment.init)
      $0.nextPageToken = page.next
    }
  }

  public func cancelPayment(
    request: Rentguy_Payment_V1_CancelPaymentRequest, context: ServerContext
  ) async throws -> Rentguy_Payment_V1_CancelPaymentResponse {
    let payment = try await self.load(request.paymentID)
    let state = PaymentState(rawValue: payment.status) ?? .pending
    switch state {
    case .pending:
      break
    case .open:
      // Ask the provider first: once it says canceled (or expired), nobody can pay any more.
      try await self.cancelAtProvider(payment)
    default:
      throw IntegrationError.state("payment \(payment.id) is \(state.name): only PENDING or OPEN payments can be canceled", state: state.name)
    }
    let id = payment.id
    let stored = try await self.mutate("CancelPayment", context) { db, mutation -> StoredPayment in
      try PaymentLedger.observe(.canceled, payment: id, in: db, mutation: mutation)
      guard let after = try db.payment(id) else { throw IntegrationError.notFound("payment", id) }
      guard after.status == PaymentState.canceled.rawValue else {
        let name = PaymentState(rawValue: after.status)?.name ?? "?"
        throw IntegrationError.state("payment \(id) became \(name) meanwhile; it was not canceled", state: name)
      }
      try mutation.audit(id, "canceled payment", in: db)
      return try mutation.respond(Rentguy_Payment_V1_CancelPaymentResponse.with { $0.payment = .init(after) }).payment.id == id ? after : after
    }
    return .with { $0.payment = .init(stored) }
  }

  private func cancelAtProvider(_ payment: StoredPayment) async throws {
    guard let providerID = payment.providerPaymentID else { return }
    do {
      switch Rentguy_Payment_V1_PaymentProvider(rawValue: payment.provider) {
      case .stripe:
        guard let stripe = self.providers.stripe else { throw IntegrationError(.failedPrecondition, "Stripe is not configured") }
        _ = try await stripe.expireCheckoutSession(providerID, idempotencyKey: "cancel-" + payment.id)
      case .mollie:
        guard let mollie = self.providers.mollie else { throw IntegrationError(.failedPrecondition, "Mollie is not configured") }
        _ = try await mollie.cancelPayment(providerID)
      default:
        return
      }
    } catch let error as ProviderError {
      throw IntegrationError.provider(error)
    }
  }

  public func syncPayment(request: Rentguy_Payment_V1_SyncPaymentRequest, context: ServerContext) async throws -> Rentguy_Payment_V1_SyncPaymentResponse {
    let payment = try await self.load(request.paymentID)
    guard let providerID = payment.providerPaymentID else {
      throw IntegrationError.state("payment \(payment.id) is PENDING: the provider has not been asked yet", state: "PENDING")
    }
    let id = payment.id
    do {
      switch Rentguy_Payment_V1_PaymentProvider(rawValue: payment.provider) {
      case .stripe:
        guard let stripe = self.providers.stripe else { throw IntegrationError(.failedPrecondition, "Stripe is not configured") }
        let session = try await stripe.checkoutSession(providerID)
        let intent = try await session.paymentIntentID.asyncMap { try await stripe.paymentIntent($0) }
        _ = try await self.mutate("SyncPayment", context) { db, mutation in
          try Self.applyStripe(session: session, intent: intent, payment: id, db, mutation)
        }
      case .mollie:
        guard let mollie = self.providers.mollie else { throw IntegrationError(.failedPrecondition, "Mollie is not configured") }
        let fetched = try await mollie.payment(providerID)
        let refunds = try await MollieFetchJob(repository: self.repository, providers: self.providers).refundsUnderWay(of: providerID, mollie: mollie)
        _ = try await self.mutate("SyncPayment", context) { db, mutation in
          _ = try MollieFetchJob.apply(fetched, in: db, mutation: mutation)
          for (id, refund) in refunds {
            try RefundJob.settle(id, providerID: refund.id, state: MollieFetchJob.refundState(refund.status), failure: "")(db)
          }
        }
      default:
        break
      }
    } catch let error as ProviderError {
      throw IntegrationError.provider(error)
    }
    let synced = try await self.load(id)
    return .with { $0.payment = .init(synced) }
  }

  /// What a Checkout Session (and its PaymentIntent) say, applied.
  static func applyStripe(
    session: StripeAPI.CheckoutSession, intent: StripeAPI.PaymentIntent?, payment id: String, _ db: any IntegrationDatabase, _ mutation: Mutation
  ) throws {
    let observation: PaymentObservation? =
      switch (session.status, session.paymentStatus, intent?.status) {
      case (_, "paid", _), (_, _, "succeeded"): .succeeded
      case (_, _, "processing"): .processing
      case (_, _, "canceled"): .canceled
      case ("expired", _, _): .expired
      case ("open", _, "requires_payment_method") where !(intent?.failureMessage.isEmpty ?? true): .failed
      default: nil
      }
    try PaymentLedger.observe(observation, payment: id, in: db, mutation: mutation) { stored in
      if stored.providerIntentID == nil, let intent { stored.providerIntentID = intent.id }
      if let intent, !intent.paymentMethodType.isEmpty, stored.method.isEmpty { stored.method = intent.paymentMethodType }
      if observation == .failed, let message = intent?.failureMessage { stored.failureReason = message }
    }
  }

  // MARK: - Refunds

  public func createRefund(request: Rentguy_Payment_V1_CreateRefundRequest, context: ServerContext) async throws -> Rentguy_Payment_V1_CreateRefundResponse {
    let paymentID = try BookingService.required(request.paymentID, field: "payment_id")
    if request.hasAmount, request.amount.amountMinor <= 0 { throw IntegrationError.invalidArgument("amount", "must be more than zero") }
    guard request.reason.count <= 500 else { throw IntegrationError.invalidArgument("reason", "has more than 500 characters") }
    let refund = try await self.mutate("CreateRefund", context) { db, mutation -> StoredRefund in
      guard let payment = try db.payment(paymentID) else { throw IntegrationError.notFound("payment", paymentID) }
      let state = PaymentState(rawValue: payment.status) ?? .pending
      guard state.isRefundable else {
        throw IntegrationError.state("payment \(payment.id) is \(state.name): only SUCCEEDED or PARTIALLY_REFUNDED payments can be refunded", state: state.name)
      }
      if request.hasAmount, !request.amount.currency.isEmpty, request.amount.currency.uppercased() != payment.currency {
        throw IntegrationError.invalidArgument("amount.currency", "must be the payment's currency, \(payment.currency)")
      }
      // Refunds asked and not failed count against what is left.
      let asked = try db.refunds(paymentID: payment.id, bookingID: nil, before: "", limit: 1000)
        .filter { [RefundState.pending, .processing, .succeeded].contains(RefundState(rawValue: $0.status)) }
        .reduce(Int64(0)) { $0 + $1.amountMinor }
      let left = payment.amountMinor - max(asked, payment.refundedMinor)
      let amount = request.hasAmount ? request.amount.amountMinor : left
      guard amount > 0, amount <= left else {
        throw IntegrationError(
          .failedPrecondition, "amount: \(DecimalAmount.string(minor: amount)) is more than the \(DecimalAmount.string(minor: max(0, left))) \(payment.currency) left to refund",
          reason: .stateConflict, field: "amount"
        )
      }
      let refund = StoredRefund(
        id: Identifier.make("rfd"), paymentID: payment.id, bookingID: payment.bookingID, status: RefundState.pending.rawValue, amountMinor: amount,
        currency: payment.currency, reason: request.reason, createdAt: mutation.now
      )
      try db.insertRefund(refund)
      let provider = Rentguy_Payment_V1_PaymentProvider(rawValue: payment.provider) ?? .stripe
      try db.enqueue(
        NewJob(
          queue: PaymentProviders.queue(provider), kind: provider == .stripe ? RefundJob.stripeKind : RefundJob.mollieKind, resourceID: refund.id,
          maxAttempts: 12
        )
      )
      try mutation.audit(refund.id, "refund of \(DecimalAmount.string(minor: amount)) \(payment.currency) on \(payment.id)", in: db)
      _ = try mutation.respond(Rentguy_Payment_V1_CreateRefundResponse.with { $0.refund = .init(refund) })
      return refund
    }
    return .with { $0.refund = .init(refund) }
  }

  public func listRefunds(request: Rentguy_Payment_V1_ListRefundsRequest, context: ServerContext) async throws -> Rentguy_Payment_V1_ListRefundsResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let before = try BookingService.pageStart(request.pageToken)
    let found = try await self.repository.read { db in
      try db.refunds(
        paymentID: request.paymentID.isEmpty ? nil : request.paymentID, bookingID: request.bookingID.isEmpty ? nil : request.bookingID,
        before: before, limit: size + 1
      )
    }
    let page = BookingService.page(found, size: size, id: \.id)
    return .with {
      $0.refunds = page.items.map(Rentguy_Payment_V1_Refund.init)
      $0.nextPageToken = page.next
    }
  }

  // MARK: - Status

  public func getBookingPaymentStatus(
    request: Rentguy_Payment_V1_GetBookingPaymentStatusRequest, context: ServerContext
  ) async throws -> Rentguy_Payment_V1_GetBookingPaymentStatusResponse {
    let bookingID = try BookingService.required(request.bookingID, field: "booking_id")
    return try await self.repository.read { db in
      guard let booking = try db.booking(bookingID) else { throw IntegrationError.notFound("booking", bookingID) }
      let payments = try db.payments(bookingID: booking.id, statuses: [], provider: nil, period: nil, before: "", limit: 1000)
      let summary = try Self.summary(booking, db, payments: payments)
      let currency = booking.currency
      return .with {
        $0.bookingID = booking.id
        $0.state = Rentguy_Payment_V1_BookingPaymentState(rawValue: summary.level.rawValue) ?? .unspecified
        $0.total = .init(minor: summary.total, currency: currency)
        $0.depositRequired = .init(minor: summary.depositRequired, currency: currency)
        $0.received = .init(minor: summary.received, currency: currency)
        $0.refunded = .init(minor: summary.refunded, currency: currency)
        $0.chargedBack = .init(minor: summary.chargedBack, currency: currency)
        $0.netPaid = .init(minor: summary.netPaid, currency: currency)
        $0.outstanding = .init(minor: summary.outstanding, currency: currency)
        $0.inProgress = .init(minor: summary.inProgress, currency: currency)
        $0.payments = payments.map(Rentguy_Payment_V1_Payment.init)
      }
    }
  }

  /// A booking's payment numbers (see payment.proto's "Amounts").
  static func summary(_ booking: StoredBooking, _ db: any IntegrationDatabase, payments: [StoredPayment]? = nil) throws -> BookingPaymentSummary {
    let payments = try payments ?? db.payments(bookingID: booking.id, statuses: [], provider: nil, period: nil, before: "", limit: 1000)
    let total = Pricing.totals(Pricing.breakdown(booking.lines.map(\.vatLine))).gross
    return BookingPaymentSummary(
      total: total, depositRequired: booking.securityDepositMinor,
      payments: payments.compactMap { payment in
        PaymentState(rawValue: payment.status).map {
          .init(state: $0, amount: payment.amountMinor, refunded: payment.refundedMinor, chargedBack: payment.chargedBackMinor)
        }
      }
    )
  }

  public func getPaymentProviders(
    request: Rentguy_Payment_V1_GetPaymentProvidersRequest, context: ServerContext
  ) async throws -> Rentguy_Payment_V1_GetPaymentProvidersResponse {
    .with { $0.providers = self.providers.currentSettings }
  }
}

extension Optional {
  /// The async counterpart of `map`.
  func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
    guard let value = self else { return nil }
    return try await transform(value)
  }
}
