import Foundation

/// The partner webhook receiver (`/mock/partner/{name}`): stores what RentGuy's outbound webhooks
/// deliver, and answers with a status armed by the test (to exercise RentGuy's retries).
actor PartnerInbox {
  /// One received request.
  struct Received: Sendable {
    var method: String
    var path: String
    var headers: [(name: String, value: String)]
    var body: Data
    var time: Date
    var answeredStatus: Int
  }

  private struct ArmedStatus {
    var status: Int
    var remaining: Int
  }

  static let capacityPerName = 1_000

  private var received: [String: [Received]] = [:]
  private var armed: [String: ArmedStatus] = [:]

  /// Records a request for `name` and returns the status to answer with (200 unless armed).
  func receive(
    name: String,
    method: String,
    path: String,
    headers: [(name: String, value: String)],
    body: Data
  ) -> Int {
    var status = 200
    if var armedStatus = self.armed[name], armedStatus.remaining > 0 {
      status = armedStatus.status
      armedStatus.remaining -= 1
      self.armed[name] = armedStatus.remaining > 0 ? armedStatus : nil
    }
    var list = self.received[name, default: []]
    list.append(Received(method: method, path: path, headers: headers, body: body, time: Date(), answeredStatus: status))
    if list.count > Self.capacityPerName { list.removeFirst(list.count - Self.capacityPerName) }
    self.received[name] = list
    return status
  }

  /// Answers the next `count` requests for `name` with `status`.
  func arm(name: String, status: Int, count: Int) {
    self.armed[name] = count > 0 ? ArmedStatus(status: status, remaining: count) : nil
  }

  /// Forgets what `name` received and any armed status.
  func clear(name: String) {
    self.received[name] = nil
    self.armed[name] = nil
  }

  /// What `name` received, as JSON: headers by lowercased name (repeated ones joined with ", "),
  /// the body as text (nil when not UTF-8) and as base64.
  func snapshot(name: String) -> JSONValue {
    let list = self.received[name] ?? []
    return [
      "name": .string(name),
      "count": .int(list.count),
      "requests": .array(
        list.map { item -> JSONValue in
          var headers: [String: JSONValue] = [:]
          for header in item.headers {
            let key = header.name.lowercased()
            if let existing = headers[key]?.stringValue {
              headers[key] = .string(existing + ", " + header.value)
            } else {
              headers[key] = .string(header.value)
            }
          }
          return [
            "method": .string(item.method),
            "path": .string(item.path),
            "headers": .object(headers),
            "body": .optional(String(data: item.body, encoding: .utf8)),
            "body_base64": .string(item.body.base64EncodedString()),
            "received_at": .string(item.time.ISO8601Format()),
            "answered_status": .int(item.answeredStatus),
          ]
        }
      ),
    ]
  }
}
