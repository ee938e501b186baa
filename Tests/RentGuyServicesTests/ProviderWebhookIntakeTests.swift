import Foundation
import Prometheus
import RentGuyProviders
import RentGuyStore
import Testing

@testable import RentGuyServices

/// The providers' webhooks as the REST shim hands them over, into a real store (a temporary
/// SQLite file). No workers run, so every job the intake enqueued is still waiting.
@Suite("provider webhook intake", .timeLimit(.minutes(1)))
struct ProviderWebhookIntakeTests {
  static let secret = "whsec_intake_test_secret"
  static let eventID = "evt_1NG8Du2eZvKYlo2CUuA7xq8r"

  static func intake(_ repository: SQLIntegrationRepository, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry())
    -> ProviderWebhookIntake
  {
    ProviderWebhookIntake(repository: repository, stripeSecrets: [Self.secret], jobsWoken: JobSignal(), registry: registry)
  }

  static func event(id: String = ProviderWebhookIntakeTests.eventID) -> [UInt8] {
    Array(#"{"id":"\#(id)","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1"}}}"#.utf8)
  }

  /// A Stripe-Signature for `body`, made `age` seconds ago.
  static func signature(_ body: [UInt8], secret: String = ProviderWebhookIntakeTests.secret, age: Int64 = 0) -> String {
    StripeSignature.header(payload: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970) - age)
  }

  static func inbound(_ store: Store) async throws -> [Job] {
    try await store.jobs.list(queue: PaymentProviders.inboundQueue)
  }

  static func storedEvent(_ id: String, _ repository: SQLIntegrationRepository) async throws -> [UInt8]? {
    try await repository.read { db in try db.providerEvent(provider: "stripe", eventID: id) }
  }

  // MARK: Stripe

  @Test("a signed Stripe event is accepted once (200), the same again is a duplicate (200), and one job is enqueued")
  func stripeOnce() async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      let body = Self.event()
      let first = await intake.stripe(body: body, signature: Self.signature(body))
      #expect(first.status == 200)
      #expect(first.json.contains(#""duplicate": false"#), "\(first.json)")
      let again = await intake.stripe(body: body, signature: Self.signature(body))
      #expect(again.status == 200)
      #expect(again.json.contains(#""duplicate": true"#), "\(again.json)")

      let jobs = try await Self.inbound(store)
      #expect(jobs.count == 1)
      #expect(jobs.first?.kind == StripeEventJob.kind)
      #expect(jobs.first?.resourceID == Self.eventID)
      #expect(jobs.first?.state == .pending)
      let check1 = try await Self.storedEvent(Self.eventID, repository) == body
      #expect(check1)
    }
  }

  @Test("the same event delivered 10 times at once is accepted exactly once, with one job")
  func stripeConcurrentDuplicates() async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      let body = Self.event()
      let signature = Self.signature(body)
      let answers = await withTaskGroup(of: ProviderWebhookIntake.Answer.self, returning: [ProviderWebhookIntake.Answer].self) { group in
        for _ in 0..<10 {
          group.addTask { await intake.stripe(body: body, signature: signature) }
        }
        var answers: [ProviderWebhookIntake.Answer] = []
        for await answer in group { answers.append(answer) }
        return answers
      }
      #expect(answers.allSatisfy { $0.status == 200 })
      #expect(answers.filter { $0.json.contains(#""duplicate": false"#) }.count == 1)
      let check2 = try await Self.inbound(store).count == 1
      #expect(check2)
    }
  }

  enum StripeRejection: String, CaseIterable, Sendable {
    case wrongSecret = "signed with another secret"
    case noSignature = "no Stripe-Signature"
    case oldTimestamp = "signed 301 s ago"
    case tamperedBody = "body changed after signing"
    case notJSON = "not JSON"
    case jsonArray = "a JSON array"
    case noID = "an event without id"
    case idNotAnEvent = "an id that is not evt_…"
    case noType = "an event without type"

    /// The body and the signature header sent.
    var request: (body: [UInt8], signature: String?) {
      let event = ProviderWebhookIntakeTests.event()
      func signed(_ text: String) -> (body: [UInt8], signature: String?) {
        let body = Array(text.utf8)
        return (body, ProviderWebhookIntakeTests.signature(body))
      }
      switch self {
      case .wrongSecret: return (event, ProviderWebhookIntakeTests.signature(event, secret: "whsec_someone_else"))
      case .noSignature: return (event, nil)
      case .oldTimestamp: return (event, ProviderWebhookIntakeTests.signature(event, age: 301))
      case .tamperedBody:
        let signature = ProviderWebhookIntakeTests.signature(event)
        let tampered = Array(String(decoding: event, as: UTF8.self).replacingOccurrences(of: "pi_1", with: "pi_2").utf8)
        return (tampered, signature)
      case .notJSON: return signed("this is not json")
      case .jsonArray: return signed(#"[{"id":"\#(ProviderWebhookIntakeTests.eventID)","type":"payment_intent.succeeded"}]"#)
      case .noID: return signed(#"{"object":"event","type":"payment_intent.succeeded"}"#)
      case .idNotAnEvent: return signed(#"{"id":"../../etc/passwd","object":"event","type":"payment_intent.succeeded"}"#)
      case .noType: return signed(#"{"id":"\#(ProviderWebhookIntakeTests.eventID)","object":"event"}"#)
      }
    }
  }

  @Test("a Stripe webhook that is not a validly signed event is refused with 400, and nothing is stored", arguments: StripeRejection.allCases)
  func stripeRefused(rejection: StripeRejection) async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      let (body, signature) = rejection.request
      let answer = await intake.stripe(body: body, signature: signature)
      #expect(answer.status == 400)
      #expect(answer.json.contains(#""error""#), "\(answer.json)")
      let check3 = try await Self.inbound(store).isEmpty
      #expect(check3)
      let check4 = try await Self.storedEvent(Self.eventID, repository) == nil
      #expect(check4)
    }
  }

  @Test("without a configured Stripe secret every Stripe webhook is refused")
  func stripeWithoutSecret() async throws {
    try await withIntegrationStore { store, repository in
      let intake = ProviderWebhookIntake(repository: repository, stripeSecrets: [""], jobsWoken: JobSignal(), registry: PrometheusCollectorRegistry())
      let body = Self.event()
      // Signed with the empty key: the one thing an attacker can always compute.
      let answer = await intake.stripe(body: body, signature: Self.signature(body, secret: ""))
      #expect(answer.status == 400)
      let check5 = try await Self.inbound(store).isEmpty
      #expect(check5)
    }
  }

  // MARK: Mollie

  @Test("Mollie: id=tr_… is answered 200 with one fetch job; repeated while the job waits, no second job")
  func mollieOnce() async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      let first = await intake.mollie(body: Array("id=tr_abc".utf8))
      #expect(first.status == 200)
      let again = await intake.mollie(body: Array("id=tr_abc".utf8))
      #expect(again.status == 200)
      #expect(again.json == first.json)
      let jobs = try await Self.inbound(store)
      #expect(jobs.count == 1)
      #expect(jobs.first?.kind == MollieFetchJob.kind)
      #expect(jobs.first?.resourceID == "tr_abc")
      #expect(jobs.first?.state == .pending)
    }
  }

  @Test("Mollie: once the fetch job has run, a new webhook for the payment enqueues a new one")
  func mollieAfterTheJobRan() async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      #expect(await intake.mollie(body: Array("id=tr_abc".utf8)).status == 200)
      let leased = try await store.jobs.lease(queue: PaymentProviders.inboundQueue, owner: "test", limit: 10, leaseDuration: .seconds(60))
      try #require(leased.count == 1)
      try await store.jobs.complete(leased[0])
      #expect(await intake.mollie(body: Array("id=tr_abc".utf8)).status == 200)
      let jobs = try await Self.inbound(store)
      #expect(jobs.count == 2)
      #expect(jobs.filter { $0.state == .pending }.count == 1)
    }
  }

  @Test("Mollie: an unknown but well-formed id is answered 200 like any other (Mollie's rule)")
  func mollieUnknown() async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      let known = await intake.mollie(body: Array("id=tr_abc".utf8))
      let unknown = await intake.mollie(body: Array("id=tr_unknown".utf8))
      #expect(unknown.status == 200)
      #expect(unknown.json == known.json)
    }
  }

  static let malformedMollieBodies: [String] = [
    "", "id=", "foo=bar", "id=../../etc", "id=..%2F..%2Fetc%2Fpasswd", "id=tr_", "id=tr_abc%00", "id=tr_abc%20x", "id=TR_abc",
    "id=pi_123", "id=%zz", "id=tr_" + String(repeating: "a", count: 101), "id=tr_%C3%A9",
  ]

  @Test("Mollie: a body without a well-formed tr_ id is refused with 400, and no job is enqueued", arguments: Self.malformedMollieBodies)
  func mollieRefused(body: String) async throws {
    try await withIntegrationStore { store, repository in
      let intake = Self.intake(repository)
      let answer = await intake.mollie(body: Array(body.utf8))
      #expect(answer.status == 400)
      #expect(answer.json.contains(#""error""#), "\(answer.json)")
      let check6 = try await Self.inbound(store).isEmpty
      #expect(check6)
    }
  }

  // MARK: Metrics

  @Test("webhooks are counted by provider and outcome: accepted, duplicate, rejected")
  func counted() async throws {
    try await withIntegrationStore { _, repository in
      let registry = PrometheusCollectorRegistry()
      let intake = Self.intake(repository, registry: registry)
      let body = Self.event()
      _ = await intake.stripe(body: body, signature: Self.signature(body))
      _ = await intake.stripe(body: body, signature: Self.signature(body))
      _ = await intake.stripe(body: body, signature: nil)
      _ = await intake.mollie(body: Array("id=tr_abc".utf8))
      _ = await intake.mollie(body: Array("id=tr_abc".utf8))
      _ = await intake.mollie(body: Array("id=../x".utf8))
      _ = await intake.mollie(body: Array("id=../y".utf8))
      let text = registry.emitToString()
      #expect(text.contains(#"provider="stripe",outcome="accepted"} 1"#), "\(text)")
      #expect(text.contains(#"provider="stripe",outcome="duplicate"} 1"#))
      #expect(text.contains(#"provider="stripe",outcome="rejected"} 1"#))
      #expect(text.contains(#"provider="mollie",outcome="accepted"} 1"#))
      #expect(text.contains(#"provider="mollie",outcome="duplicate"} 1"#))
      #expect(text.contains(#"provider="mollie",outcome="rejected"} 2"#))
    }
  }
}
