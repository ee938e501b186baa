public import GRPCCore

/// Answers every method of services that are not built yet with UNIMPLEMENTED, as a registered
/// handler, so that the interceptors (authentication and access first) run before that answer.
/// A method that is not registered at all is refused by GRPCCore's router before any interceptor.
public struct NotBuiltYetService: RegistrableRPCService {
  private let methods: [MethodDescriptor]

  /// - Parameter methods: every method of the services not built yet.
  public init(methods: [MethodDescriptor]) {
    self.methods = methods
  }

  public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    for method in self.methods where !router.hasHandler(forMethod: method) {
      router.registerHandler(
        forMethod: method,
        deserializer: IgnoredBytes(),
        serializer: IgnoredBytes()
      ) { (_: StreamingServerRequest<Void>, _) -> StreamingServerResponse<Void> in
        throw RPCError(code: .unimplemented, message: "\(method) is not built yet")
      }
    }
  }
}

/// The request is never read and no response is ever written.
private struct IgnoredBytes: MessageSerializer, MessageDeserializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: Void) throws -> Bytes { Bytes(repeating: 0, count: 0) }
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws {}
}
