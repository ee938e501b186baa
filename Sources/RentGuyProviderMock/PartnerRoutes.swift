import Foundation
import Hummingbird

/// The partner webhook receiver: `POST /mock/partner/{name}` stores RentGuy's outbound webhooks,
/// `GET` returns them, `DELETE` forgets them, `POST …/respond` arms the status to answer with.
struct PartnerRoutes: Sendable {
  let inbox: PartnerInbox
  let maximumBodySize: Int

  func add(to router: Router<BasicRequestContext>) {
    let inbox = self.inbox
    let limit = self.maximumBodySize
    router.post("/mock/partner/:name") { request, context in
      let name = context.parameters.get("name") ?? ""
      guard let body = await MockHTTP.body(request, limit: limit) else {
        return MockHTTP.mockError(MockAPIError(status: 413, message: "The request body is too large."))
      }
      let headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
      let status = await inbox.receive(
        name: name, method: request.method.rawValue, path: request.uri.path, headers: headers, body: body)
      return MockHTTP.json(["received": true], status: status)
    }
    router.get("/mock/partner/:name") { _, context in
      let name = context.parameters.get("name") ?? ""
      return MockHTTP.json(await inbox.snapshot(name: name))
    }
    router.delete("/mock/partner/:name") { _, context in
      let name = context.parameters.get("name") ?? ""
      await inbox.clear(name: name)
      return MockHTTP.json(await inbox.snapshot(name: name))
    }
    router.post("/mock/partner/:name/respond") { request, context in
      let name = context.parameters.get("name") ?? ""
      guard let body = await MockHTTP.jsonObject(request, limit: limit),
        let status = body["status"]?.intValue, (100...599).contains(status)
      else {
        return MockHTTP.badRequest("Expected {\"status\": 100…599, \"count\": N}.")
      }
      let count = body["count"]?.intValue ?? 1
      await inbox.arm(name: name, status: status, count: count)
      return MockHTTP.json(["name": .string(name), "status": .int(status), "count": .int(count)], status: 201)
    }
  }
}
