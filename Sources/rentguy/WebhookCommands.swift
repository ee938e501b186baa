import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// Parsing and printing shared by the webhook commands.
enum WebhookFormat {
  static let statusChoices: [(String, Rentguy_Webhooks_V1_DeliveryStatus)] = [
    ("pending", .pending), ("delivered", .delivered), ("failed", .failed),
  ]

  static func name(_ status: Rentguy_Webhooks_V1_DeliveryStatus) -> String {
    switch status {
    case .unspecified: ""
    case .pending: "PENDING"
    case .delivered: "DELIVERED"
    case .failed: "FAILED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  /// "booking.confirmed,booking.created" as event types; at least one.
  static func events(_ text: String, option: String) throws -> [String] {
    let events = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !events.isEmpty else { throw ValidationError("\(option) must name at least one event type, e.g. booking.confirmed (or *)") }
    return events
  }

  /// Where a secret shown once is printed: the warning goes to standard error (JSON stays clean).
  static func warnSecretShownOnce() {
    Console.error("Store the secret now: it is not shown again (rotate-secret makes a new one).")
  }

  /// One row per endpoint.
  static func endpointRows(_ endpoints: [Rentguy_Webhooks_V1_Endpoint]) -> [Row] {
    endpoints.map { endpoint in
      let row: Row = [
        ("id", endpoint.id), ("url", endpoint.url), ("events", endpoint.eventTypes.joined(separator: ",")),
        ("enabled", BookingFormat.yesNo(endpoint.enabled)), ("description", endpoint.description_p),
        ("version", String(endpoint.version)),
      ]
      return row
    }
  }

  /// The endpoint's fields, all of them.
  static func endpointDetail(_ endpoint: Rentguy_Webhooks_V1_Endpoint, render: Render) -> [Row] {
    let more: Row = [
      ("created", PaymentFormat.time(endpoint.createdAt, isSet: endpoint.hasCreatedAt, render: render)),
      ("updated", PaymentFormat.time(endpoint.updatedAt, isSet: endpoint.hasUpdatedAt, render: render)),
      (
        "previous_secret_expires",
        PaymentFormat.time(endpoint.previousSecretExpiresAt, isSet: endpoint.hasPreviousSecretExpiresAt, render: render)
      ),
    ]
    return [Self.endpointRows([endpoint])[0] + more]
  }

  /// One row per delivery.
  static func deliveryRows(_ deliveries: [Rentguy_Webhooks_V1_Delivery], render: Render) -> [Row] {
    deliveries.map { delivery in
      let row: Row = [
        ("id", delivery.id), ("endpoint", delivery.endpointID), ("event", delivery.eventType),
        ("sequence", String(delivery.eventSequence)), ("status", Self.name(delivery.status)),
        ("created", PaymentFormat.time(delivery.createdAt, isSet: delivery.hasCreatedAt, render: render)),
        ("delivered", PaymentFormat.time(delivery.deliveredAt, isSet: delivery.hasDeliveredAt, render: render)),
      ]
      return row
    }
  }

  /// One row per attempt, oldest first.
  static func attemptRows(_ attempts: [Rentguy_Webhooks_V1_DeliveryAttempt], render: Render) -> [Row] {
    attempts.enumerated().map { index, attempt in
      let row: Row = [
        ("attempt", String(index + 1)), ("at", PaymentFormat.time(attempt.at, isSet: attempt.hasAt, render: render)),
        ("http_status", attempt.httpStatus == 0 ? "" : String(attempt.httpStatus)),
        ("duration", "\(attempt.durationMs) ms"), ("error", attempt.error),
      ]
      return row
    }
  }
}

/// `rentguy webhooks endpoints …|deliveries|delivery|redeliver`.
struct WebhooksCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "webhooks", abstract: "Signed webhooks to partner backends: endpoints and deliveries.",
    subcommands: [Endpoints.self, Deliveries.self, Delivery.self, Redeliver.self]
  )

  /// `rentguy webhooks endpoints create|list|get|update|delete|rotate-secret`.
  struct Endpoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "endpoints", abstract: "Webhook endpoints: where deliveries go and which events they get.",
      subcommands: [Create.self, List.self, Get.self, Update.self, Delete.self, RotateSecret.self]
    )

    struct Create: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Register an endpoint; prints its signing secret, once.",
        discussion: "Event types: booking.created, booking.confirmed, booking.checked_out, … or * for all."
      )
      @OptionGroup var global: GlobalOptions
      @Option(help: "The http(s) URL deliveries are POSTed to.") var url: String
      @Option(help: ArgumentHelp("Event types, comma-separated (e.g. booking.confirmed,booking.created).", valueName: "types"))
      var events: String
      @Option(help: "What the endpoint is for.") var description = ""

      func validate() throws {
        try PaymentFormat.checkURL(url, option: "--url")
        _ = try WebhookFormat.events(events, option: "--events")
      }

      func run() async throws {
        let events = try WebhookFormat.events(self.events, option: "--events")
        let (url, description, key) = (self.url, self.description, UUID().uuidString)
        let created = try await global.call { client in
          try await client.webhooks.createEndpoint(.with {
            $0.idempotencyKey = key
            $0.url = url
            $0.eventTypes = events
            $0.description_p = description
          })
        }
        OutputPrinter(format: global.output).print(rows: [WebhookFormat.endpointRows([created.endpoint])[0] + [("secret", created.secret)]])
        WebhookFormat.warnSecretShownOnce()
      }
    }

    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(abstract: "List endpoints.")
      @OptionGroup var global: GlobalOptions
      @OptionGroup var page: PageOptions

      func run() async throws {
        let (size, token) = (self.page.pageSize, self.page.token)
        let response = try await global.call { client in
          try await client.webhooks.listEndpoints(.with {
            $0.pageSize = size
            $0.pageToken = token
          })
        }
        OutputPrinter(format: global.output).print(rows: WebhookFormat.endpointRows(response.endpoints))
        PageOptions.report(response.nextPageToken)
      }
    }

    struct Get: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show an endpoint.", discussion: "With --output json, the endpoint as protobuf JSON."
      )
      @OptionGroup var global: GlobalOptions
      @Argument(help: "The endpoint's id (whe_…).") var id: String

      func run() async throws {
        let id = self.id
        let endpoint = try await global.call { try await $0.webhooks.getEndpoint(.with { $0.endpointID = id }).endpoint }
        try DetailPrinter.print(
          global.output, message: endpoint, sections: [WebhookFormat.endpointDetail(endpoint, render: Render(global.output))]
        )
      }
    }

    struct Update: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Change an endpoint (only the options given).",
        discussion: "Reads the endpoint first and updates that version: ABORTED when it changed in between (run again)."
      )
      @OptionGroup var global: GlobalOptions
      @Argument(help: "The endpoint's id (whe_…).") var id: String
      @Option(help: "The http(s) URL deliveries are POSTed to.") var url: String?
      @Option(help: ArgumentHelp("Event types, comma-separated: replaces the endpoint's.", valueName: "types")) var events: String?
      @Option(help: ArgumentHelp("Whether the endpoint gets new deliveries.", valueName: "true|false")) var enabled: Bool?
      @Option(help: "What the endpoint is for.") var description: String?

      func validate() throws {
        if let url { try PaymentFormat.checkURL(url, option: "--url") }
        if let events { _ = try WebhookFormat.events(events, option: "--events") }
        guard url != nil || events != nil || enabled != nil || description != nil else {
          throw ValidationError("nothing to change: give --url, --events, --enabled or --description")
        }
      }

      func run() async throws {
        var endpoint = Rentguy_Webhooks_V1_Endpoint()
        var paths: [String] = []
        if let url { endpoint.url = url; paths.append("url") }
        if let events { endpoint.eventTypes = try WebhookFormat.events(events, option: "--events"); paths.append("event_types") }
        if let description { endpoint.description_p = description; paths.append("description") }
        if let enabled { endpoint.enabled = enabled; paths.append("enabled") }
        guard !paths.isEmpty else { throw ValidationError("nothing to change: give --url, --events, --enabled or --description") }
        let (id, changed, fields, key) = (self.id, endpoint, paths, UUID().uuidString)
        let updated: Rentguy_Webhooks_V1_Endpoint = try await global.call { client in
          let current = try await client.webhooks.getEndpoint(.with { $0.endpointID = id }).endpoint
          var target = changed
          target.id = current.id
          let request = target
          return try await client.webhooks.updateEndpoint(.with {
            $0.idempotencyKey = key
            $0.endpoint = request
            $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
            $0.expectedVersion = current.version
          }).endpoint
        }
        OutputPrinter(format: global.output).print(rows: WebhookFormat.endpointRows([updated]))
      }
    }

    struct Delete: AsyncParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Remove an endpoint; deliveries not yet made are not made.")
      @OptionGroup var global: GlobalOptions
      @Argument(help: "The endpoint's id (whe_…).") var id: String

      func run() async throws {
        let (id, key) = (self.id, UUID().uuidString)
        _ = try await global.call { client in
          try await client.webhooks.deleteEndpoint(.with {
            $0.idempotencyKey = key
            $0.endpointID = id
          })
        }
        OutputPrinter(format: global.output).print(rows: [[("deleted", id)]])
      }
    }

    struct RotateSecret: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "rotate-secret",
        abstract: "Make a new signing secret (printed once); the old one keeps signing beside it for 24 hours."
      )
      @OptionGroup var global: GlobalOptions
      @Argument(help: "The endpoint's id (whe_…).") var id: String

      func run() async throws {
        let (id, key) = (self.id, UUID().uuidString)
        let rotated = try await global.call { client in
          try await client.webhooks.rotateEndpointSecret(.with {
            $0.idempotencyKey = key
            $0.endpointID = id
          })
        }
        let render = Render(global.output)
        let endpoint = rotated.endpoint
        let oldUntil = PaymentFormat.time(endpoint.previousSecretExpiresAt, isSet: endpoint.hasPreviousSecretExpiresAt, render: render)
        OutputPrinter(format: global.output).print(
          rows: [WebhookFormat.endpointRows([endpoint])[0] + [("previous_secret_expires", oldUntil), ("secret", rotated.secret)]]
        )
        WebhookFormat.warnSecretShownOnce()
      }
    }
  }

  struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List deliveries, newest first, by endpoint, status and event type.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this endpoint's (whe_…).") var endpoint: String?
    @Option(help: ArgumentHelp("Only these statuses, comma-separated: pending, delivered, failed.", valueName: "statuses"))
    var status: String?
    @Option(help: ArgumentHelp("Only this event type (e.g. booking.confirmed).", valueName: "type")) var eventType: String?

    func validate() throws {
      _ = try PaymentFormat.list(status, option: "--status", choices: WebhookFormat.statusChoices)
    }

    func run() async throws {
      let statuses = try PaymentFormat.list(self.status, option: "--status", choices: WebhookFormat.statusChoices)
      let (endpoint, eventType) = (self.endpoint ?? "", self.eventType ?? "")
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.webhooks.listDeliveries(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.endpointID = endpoint
          $0.statuses = statuses
          $0.eventType = eventType
        })
      }
      OutputPrinter(format: global.output).print(rows: WebhookFormat.deliveryRows(response.deliveries, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Delivery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a delivery with its attempts and the body sent.",
      discussion: "With --output json, the delivery as protobuf JSON."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The delivery's id (whd_…).") var id: String

    func run() async throws {
      let id = self.id
      let delivery = try await global.call { try await $0.webhooks.getDelivery(.with { $0.deliveryID = id }).delivery }
      let render = Render(global.output)
      let payload: [Row] = delivery.payload.isEmpty ? [] : [[("payload", delivery.payload)]]
      try DetailPrinter.print(
        global.output, message: delivery,
        sections: [
          WebhookFormat.deliveryRows([delivery], render: render), WebhookFormat.attemptRows(delivery.attempts, render: render), payload,
        ]
      )
    }
  }

  struct Redeliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Send a delivery again, whatever its status (same webhook-id and body)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The delivery's id (whd_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      let delivery = try await global.call { client in
        try await client.webhooks.redeliverDelivery(.with {
          $0.idempotencyKey = key
          $0.deliveryID = id
        }).delivery
      }
      OutputPrinter(format: global.output).print(rows: WebhookFormat.deliveryRows([delivery], render: Render(global.output)))
    }
  }
}
