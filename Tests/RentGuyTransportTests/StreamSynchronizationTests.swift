import GRPCCore
import Testing

@testable import RentGuyTransport

@Suite("cross-thread stream state")
struct StreamSynchronizationTests {
  @Test("a reset that arrives before the handler exists still cancels the handler")
  func cancellationBeforeHandle() {
    let cancellation = StreamCancellation()
    cancellation.cancel()
    let handle = ServerContext.RPCCancellationHandle()
    cancellation.attach(handle)
    #expect(handle.isCancelled)
  }

  @Test("a reset after the handler started cancels its handle")
  func cancellationAfterHandle() {
    let cancellation = StreamCancellation()
    let handle = ServerContext.RPCCancellationHandle()
    cancellation.attach(handle)
    #expect(!handle.isCancelled)
    cancellation.cancel()
    #expect(handle.isCancelled)
  }

  @Test("writers wait above the high watermark and resume at the low watermark")
  func outboundWatermarks() async throws {
    let flow = OutboundFlowControl(highWatermark: 100, lowWatermark: 10)
    #expect(try flow.add(100) == false)
    #expect(try flow.add(1) == true)
    async let waited: Void = flow.waitUntilWritable()
    try await Task.sleep(for: .milliseconds(20))
    flow.remove(50)  // 51 pending: still above the low watermark
    flow.remove(41)  // 10 pending: writable
    try await waited
  }

  @Test("a closed stream fails the waiting writer and every later write")
  func outboundFailure() async throws {
    let flow = OutboundFlowControl(highWatermark: 1, lowWatermark: 0)
    _ = try flow.add(10)
    let waiter = Task { try await flow.waitUntilWritable() }
    try await Task.sleep(for: .milliseconds(20))
    flow.fail(RPCError(code: .cancelled, message: "reset"))
    await #expect(throws: RPCError.self) { try await waiter.value }
    #expect(throws: RPCError.self) { try flow.add(1) }
  }
}
