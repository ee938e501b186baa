public import GRPCCore

/// Counts and times every RPC that reaches a service, by method and final status code.
///
/// The status of a streaming response is known only when its producer returns, so the
/// interceptor wraps the producer; an RPC rejected before that counts with its error's code.
public struct MetricsInterceptor: ServerInterceptor {
  private let metrics: RPCMetrics
  private let clock = ContinuousClock()

  /// An interceptor recording into `metrics`.
  public init(metrics: RPCMetrics) {
    self.metrics = metrics
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let method = context.descriptor
    let start = clock.now
    metrics.started(method)
    let response: StreamingServerResponse<Output>
    do {
      response = try await next(request, context)
    } catch {
      metrics.handled(method, code: Self.code(of: error), duration: clock.now - start)
      throw error
    }
    switch response.accepted {
    case .success(var contents):
      let producer = contents.producer
      let metrics = self.metrics
      let clock = self.clock
      contents.producer = { writer in
        do {
          let trailers = try await producer(writer)
          metrics.handled(method, code: .ok, duration: clock.now - start)
          return trailers
        } catch {
          metrics.handled(method, code: Self.code(of: error), duration: clock.now - start)
          throw error
        }
      }
      return StreamingServerResponse(accepted: .success(contents))
    case .failure(let error):
      metrics.handled(method, code: Status.Code(error.code), duration: clock.now - start)
      return response
    }
  }

  private static func code(of error: any Error) -> Status.Code {
    if let error = error as? RPCError { return Status.Code(error.code) }
    if let convertible = error as? any RPCErrorConvertible { return Status.Code(convertible.rpcErrorCode) }
    return .unknown
  }
}
