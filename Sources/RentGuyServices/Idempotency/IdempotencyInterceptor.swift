import Crypto
import Foundation
public import GRPCCore
import RentGuyProto
public import RentGuyStore
import Synchronization
import SwiftProtobuf

/// Idempotency for every mutation (every request with an `idempotency_key`), scoped to the
/// caller and the RPC:
///
/// - a retry of a completed call with the same key and request gets the stored response;
/// - the same key with a different request is INVALID_ARGUMENT (`IDEMPOTENCY_KEY_REUSED`);
/// - a retry while the first call runs is ABORTED (`IDEMPOTENCY_KEY_IN_USE`).
///
/// The key is recorded in the transaction of the change itself (``IdempotencyClaim`` through
/// ``BatchedWriter``), so a change is never applied twice, even across a crash. Runs after the
/// auth interceptor (it needs the principal).
public struct IdempotencyInterceptor: ServerInterceptor {
  private let records: IdempotencyRecords
  private let writer: BatchedWriter
  private let inFlight = InFlightKeys()
  private let seen = IdempotencyKeyFilter()

  public init(records: IdempotencyRecords, writer: BatchedWriter) {
    self.records = records
    self.writer = writer
  }

  /// Learns the keys already in the store (call once before serving): only keys that may exist
  /// are looked up before a call runs.
  public func loadKeys() async throws {
    for key in try await self.records.allKeys() { self.seen.insert(key) }
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    // Mutations are unary; other RPCs (and requests without a key) pass straight through.
    guard Input.self is any IdempotentRequest.Type, let outputType = Output.self as? any SwiftProtobuf.Message.Type else {
      return try await next(request, context)
    }
    var iterator = request.messages.makeAsyncIterator()
    guard let first = try await iterator.next(), let message = first as? any IdempotentRequest & SwiftProtobuf.Message else {
      return try await next(request, context)
    }
    let replayable = StreamingServerRequest(metadata: request.metadata, messages: RPCAsyncSequence.one(first))
    let key = message.idempotencyKey
    guard !key.isEmpty else { return try await next(replayable, context) }
    guard key.count <= 255 else {
      throw RPCError(IdentityError.invalidArgument("idempotency_key", "must have at most 255 characters"))
    }

    let method = context.descriptor.fullyQualifiedMethod
    let principalID = Principal.current?.id ?? "anonymous"
    let requestHash = Data(SHA256.hash(data: try message.serializedBytes() as [UInt8]))
    let scope = InFlightKeys.Key(principal: principalID, method: method, key: key)
    guard self.inFlight.claim(scope) else {
      throw RPCError(
        IdentityError(
          .aborted, "a call with this idempotency key is still running; retry later for its response",
          reason: .idempotencyKeyInUse
        )
      )
    }
    // Released when the response (and its stored copy) is written, or at once on failure.
    var releaseNow = true
    defer { if releaseNow { self.inFlight.release(scope) } }

    let filterKey = principalID + "|" + method + "|" + key
    if self.seen.mayContain(filterKey), let stored = try await self.records.find(principalID: principalID, method: method, key: key) {
      guard stored.requestHash == requestHash.hexString else {
        throw RPCError(
          IdentityError(
            .invalidArgument, "idempotency_key: this key was used for a different request",
            reason: .idempotencyKeyReused, field: "idempotency_key"
          )
        )
      }
      guard let bytes = stored.response, let output = try outputType.init(serializedBytes: bytes) as? Output else {
        throw RPCError(
          IdentityError(
            .failedPrecondition,
            "the request with this idempotency key was applied, but its response was not kept (the server stopped); read the record instead",
            reason: .stateConflict
          )
        )
      }
      return StreamingServerResponse(single: ServerResponse(message: output))
    }

    let claim = IdempotencyClaim(principalID: principalID, method: method, key: key, requestHash: requestHash)
    var response = try await IdempotencyClaim.$current.withValue(claim) {
      try await next(replayable, context)
    }
    if claim.isRecorded { self.seen.insert(filterKey) }
    // Keep the response for replays once the handler has written it (the change, and the key
    // with it, committed already).
    if case .success(var contents) = response.accepted {
      let producer = contents.producer
      let records = self.records
      let writer = self.writer
      let inFlight = self.inFlight
      releaseNow = false
      contents.producer = { writer_ in
        defer { inFlight.release(scope) }
        let capture = CapturingWriter(base: writer_)
        let trailers = try await producer(RPCWriter(wrapping: capture))
        if claim.isRecorded, !claim.hasPreparedResponse, let output = capture.first as? any SwiftProtobuf.Message {
          try? await records.storeResponse(Data(try output.serializedBytes() as [UInt8]), for: claim, using: writer)
        }
        return trailers
      }
      response.accepted = .success(contents)
    }
    return response
  }
}

/// Keys whose first call is running on this server.
private final class InFlightKeys: Sendable {
  struct Key: Hashable, Sendable {
    var principal: String
    var method: String
    var key: String
  }

  private let keys = Mutex(Set<Key>())

  func claim(_ key: Key) -> Bool { self.keys.withLock { $0.insert(key).inserted } }
  func release(_ key: Key) { _ = self.keys.withLock { $0.remove(key) } }
}

/// Passes messages through and keeps the first.
private final class CapturingWriter<Element: Sendable>: RPCWriterProtocol, @unchecked Sendable {
  private let base: RPCWriter<Element>
  private let lock = Mutex<Element?>(nil)

  init(base: RPCWriter<Element>) {
    self.base = base
  }

  var first: Element? { self.lock.withLock { $0 } }

  func write(_ element: Element) async throws {
    self.lock.withLock { if $0 == nil { $0 = element } }
    try await self.base.write(element)
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements { try await self.write(element) }
  }
}

extension RPCAsyncSequence where Failure == any Error {
  /// A sequence of exactly `element`.
  static func one(_ element: Element) -> Self {
    RPCAsyncSequence(wrapping: AsyncThrowingStream { continuation in
      continuation.yield(element)
      continuation.finish()
    })
  }
}
