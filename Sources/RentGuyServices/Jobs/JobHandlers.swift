import RentGuyProto
public import RentGuyProviders
public import RentGuyStore

/// Every job kind this server runs, and its handler.
public enum JobHandlers {
  public static func all(repository: any IntegrationRepository, providers: PaymentProviders, poster: WebhookPoster, gateways: AccountingGateways) -> [String: any JobHandler] {
    [
      CheckoutJob.stripeKind: CheckoutJob(repository: repository, providers: providers),
      CheckoutJob.mollieKind: CheckoutJob(repository: repository, providers: providers),
      RefundJob.stripeKind: RefundJob(repository: repository, providers: providers),
      RefundJob.mollieKind: RefundJob(repository: repository, providers: providers),
      StripeEventJob.kind: StripeEventJob(),
      MollieFetchJob.kind: MollieFetchJob(repository: repository, providers: providers),
      DeliveryJob.kind: DeliveryJob(repository: repository, poster: poster),
      ExportDocumentJob.kind(.moneybird): ExportDocumentJob(repository: repository, gateways: gateways),
      ExportDocumentJob.kind(.exact): ExportDocumentJob(repository: repository, gateways: gateways),
    ]
  }
}
