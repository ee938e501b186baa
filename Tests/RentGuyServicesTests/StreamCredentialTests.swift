import Foundation
import GRPCCore
import GRPCProtobuf
import RentGuyClient
import RentGuyProto
@testable import RentGuyServices
import RentGuyStore
import RentGuyTransport
import NIOCore
import SwiftProtobuf
import Synchronization
import Testing

/// Long-lived streams keep checking their credential: revoking the API key of an open stream
/// ends it with UNAUTHENTICATED (CREDENTIAL_REVOKED), over a real socket.
@Suite("long-lived streams and their credentials", .timeLimit(.minutes(2)))
struct StreamCredentialTests {
  /// An endless WatchBookingEvents: one event every 50 ms, until cancelled.
  struct EndlessEvents: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
      typealias Method = Rentguy_Booking_V1_BookingService.Method.WatchBookingEvents
      router.registerHandler(
        forMethod: Method.descriptor,
        deserializer: ProtobufDeserializer<Method.Input>(),
        serializer: ProtobufSerializer<Method.Output>()
      ) { _, _ in
        StreamingServerResponse { writer in
          var sequence: Int64 = 0
          while true {
            sequence += 1
            try await writer.write(.with { $0.event.sequence = sequence })
            try await Task.sleep(for: .milliseconds(50))
          }
        }
      }
    }
  }

  @Test("revoking the API key of an open stream ends it with UNAUTHENTICATED")
  func revokedKeyEndsTheStream() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rentguy-streams-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try Store.open(.defaults { $0.location = .file(path: directory + "/db.sqlite") })
    let repository = SQLIdentityRepository(store: store, writer: BatchedWriter(store: store))
    let authenticator = Authenticator(tokens: AccessTokens(repository: repository), repository: repository)
    let secret = "rgk_" + String(repeating: "s", count: 43)
    let key = StoredApiKey(
      id: "key_stream", name: "Scanner", kind: 1, deviceID: "scanner-9", roleIDs: ["admin"], secretPrefix: "rgk_ssss",
      createdAt: Date(), createdBy: "system"
    )
    let hash = SecretToken.hash(secret)
    try await repository.createApiKey(key, secretHash: hash, audit: AuditEntry(actorID: "system", action: "test"))

    let transport = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 0))
    let server = GRPCServer(
      transport: transport,
      services: [EndlessEvents()],
      interceptors: [AuthInterceptor(authenticator: authenticator, recheckInterval: .milliseconds(200))]
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.serve() }
      defer { server.beginGracefulShutdown() }
      let port = try await transport.listeningAddress.port ?? 0
      var configuration = ClientConfiguration.defaults
      configuration.server = ServerAddress(target: .host("127.0.0.1", port: port), usesTLS: false)
      configuration.token = secret
      configuration.defaultTimeout = .seconds(30)
      let started = ContinuousClock.now
      let counter = Mutex(0)
      do {
        try await RentGuyClient.withClient(configuration) { client in
          try await client.booking.watchBookingEvents(.init()) { response in
            for try await _ in response.messages {
              let received = counter.withLock { count in
                count += 1
                return count
              }
              if received == 3 {
                _ = try await repository.revokeApiKey(id: key.id, now: Date(), audit: AuditEntry(actorID: "system", action: "test"))
              }
            }
          }
        }
        Issue.record("the stream ended without an error")
      } catch let error as RPCError {
        #expect(error.code == .unauthenticated, "\(error)")
        #expect(try error.unpackGoogleRPCStatus()?.details.compactMap(\.errorInfo).first?.reason == "CREDENTIAL_REVOKED")
      }
      #expect(counter.withLock { $0 } >= 3)
      #expect(ContinuousClock.now - started < .seconds(10))
    }
  }
}
