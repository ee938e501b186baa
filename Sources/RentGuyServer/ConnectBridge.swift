import GRPCCore
import GRPCInProcessTransport
import RentGuyHTTP
import ServiceLifecycle

/// The gRPC server once more, on GRPCCore's in-process transport, with the same services and
/// interceptors as the network one, and a client to it: how the REST shim's Connect JSON
/// endpoint (``ConnectGateway``) reaches the services without a socket.
struct ConnectBridge: Service {
  private let server: GRPCServer<InProcessTransport.Server>
  private let client: GRPCClient<InProcessTransport.Client>

  init(services: [any RegistrableRPCService], interceptors: [any ServerInterceptor]) {
    let transport = InProcessTransport()
    self.server = GRPCServer(transport: transport.server, services: services, interceptors: interceptors)
    self.client = GRPCClient(transport: transport.client)
  }

  /// Calls a unary RPC with protobuf bytes (the gateway's `call`).
  var call: ConnectGateway.Call {
    let client = self.client
    return { path, bytes, metadata, timeout in
      let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
      let descriptor = MethodDescriptor(fullyQualifiedService: parts[0], method: parts.count > 1 ? parts[1] : "")
      var options = CallOptions.defaults
      options.timeout = timeout
      return try await client.unary(
        request: ClientRequest(message: bytes, metadata: metadata), descriptor: descriptor, serializer: RawBytes(), deserializer: RawBytes(),
        options: options
      ) { response in try response.message }
    }
  }

  func run() async throws {
    try await withGracefulShutdownHandler {
      try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await self.server.serve() }
        group.addTask { try await self.client.runConnections() }
      }
    } onGracefulShutdown: {
      self.client.beginGracefulShutdown()
      self.server.beginGracefulShutdown()
    }
  }
}

/// Messages that are already protobuf bytes.
private struct RawBytes: MessageSerializer, MessageDeserializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { Array($0) }
  }
}
