import Foundation
public import Prometheus
import RentGuyProviders
public import RentGuyStore

/// Takes the providers' webhooks from the REST shim: verifies, stores and answers fast; the work
/// is done later by a job from the "webhooks.inbound" queue, so that order and repetition do not
/// matter and nothing is lost once a 2xx was answered.
///
/// - Stripe: the raw body's `Stripe-Signature` is checked (HMAC-SHA256, any matching `v1`, 300 s
///   tolerance, constant time); the event is stored once per event id with its apply job in one
///   transaction. A bad signature, an old timestamp or a body that is not an event is refused
///   with 400 and counted, and changes nothing.
/// - Mollie: `id=tr_…` (unsigned, no status): a job fetches the payment from Mollie. Every
///   well-formed id is answered 200, known or not (Mollie's rule).
public struct ProviderWebhookIntake: Sendable {
  let repository: any IntegrationRepository
  let stripeSecrets: [String]
  let jobsWoken: JobSignal
  let received: @Sendable (_ provider: String, _ outcome: String) -> Void

  /// The most a webhook body may hold.
  public static let maximumBody = 256 << 10

  public init(repository: any IntegrationRepository, stripeSecrets: [String], jobsWoken: JobSignal, registry: PrometheusCollectorRegistry) {
    self.repository = repository
    self.stripeSecrets = stripeSecrets.filter { !$0.isEmpty }
    self.jobsWoken = jobsWoken
    self.received = { provider, outcome in
      registry.makeCounter(
        descriptor: MetricNameDescriptor(
          namespace: "rentguy", subsystem: "webhooks", metricName: "received", unitName: "total",
          helpText: "Provider webhooks received, by provider and outcome (accepted, duplicate, rejected)."
        ),
        labels: [("provider", provider), ("outcome", outcome)]
      ).increment()
    }
  }

  /// An answer: HTTP status and a JSON body.
  public typealias Answer = (status: Int, json: String)

  public func stripe(body: [UInt8], signature: String?) async -> Answer {
    guard !self.stripeSecrets.isEmpty else { return self.reject("stripe", "no Stripe webhook secret is configured") }
    do {
      try StripeSignature.verify(header: signature, payload: body, secrets: self.stripeSecrets)
    } catch {
      return self.reject("stripe", error.description)
    }
    // Only the id and type are read here; the apply job reads the rest.
    guard let event = try? JSONDecoder().decode(EventHead.self, from: Data(body)), Self.isToken(event.id, prefix: "evt_") else {
      return self.reject("stripe", "the body is not a Stripe event")
    }
    let id = event.id
    do {
      let stored = try await self.repository.write { db -> Bool in
        let new = try db.recordProviderEvent(provider: "stripe", eventID: id, payload: body, at: Date().millisecondsSince1970)
        if new { try db.enqueue(NewJob(queue: PaymentProviders.inboundQueue, kind: StripeEventJob.kind, resourceID: id, maxAttempts: 10)) }
        return new
      }
      if stored { self.jobsWoken.notify() }
      self.received("stripe", stored ? "accepted" : "duplicate")
      return (200, #"{"received": true, "duplicate": \#(!stored)}"#)
    } catch {
      // Not stored: a non-2xx makes Stripe send it again.
      return (503, #"{"error": "cannot store the event now; send it again"}"#)
    }
  }

  public func mollie(body: [UInt8]) async -> Answer {
    guard let form = FormEncoding.decode(body), let id = form["id"] else { return self.reject("mollie", "the body has no id") }
    guard Self.isToken(id, prefix: "tr_") else { return self.reject("mollie", "id is not a Mollie payment id") }
    do {
      let queued = try await self.repository.write { db -> Bool in
        guard try !db.hasWaitingJob(kind: MollieFetchJob.kind, resourceID: id) else { return false }
        try db.enqueue(NewJob(queue: PaymentProviders.inboundQueue, kind: MollieFetchJob.kind, resourceID: id, maxAttempts: 10))
        return true
      }
      if queued { self.jobsWoken.notify() }
      self.received("mollie", queued ? "accepted" : "duplicate")
      return (200, #"{"received": true}"#)
    } catch {
      return (503, #"{"error": "cannot store the webhook now; send it again"}"#)
    }
  }

  private func reject(_ provider: String, _ reason: String) -> Answer {
    self.received(provider, "rejected")
    let escaped = String(data: (try? JSONSerialization.data(withJSONObject: [reason])) ?? Data("[\"\"]".utf8), encoding: .utf8) ?? "[\"\"]"
    return (400, #"{"error": \#(escaped.dropFirst().dropLast())}"#)
  }

  /// What the intake reads of a Stripe event.
  private struct EventHead: Decodable {
    var id: String
    var type: String
  }

  /// `prefix` then 1–100 ASCII letters, digits or underscores.
  static func isToken(_ text: String, prefix: String) -> Bool {
    guard text.hasPrefix(prefix), (prefix.count + 1...prefix.count + 100).contains(text.utf8.count) else { return false }
    return text.utf8.dropFirst(prefix.utf8.count).allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
  }
}
