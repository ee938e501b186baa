import Foundation
import Logging
import RentGuyProviders
import RentGuyStore
import Synchronization
import Testing

@testable import RentGuyServices

/// The job workers over a real store (a temporary SQLite file), the real job queue and group
/// commit, with a job handler of our own.
@Suite("job workers", .timeLimit(.minutes(1)))
struct JobWorkersTests {
  static let queue = "test.jobs"
  static let otherQueue = "test.other"
  static let kind = "test.effect"

  /// What happened, seen from the handler.
  final class Log: Sendable {
    private let state = Mutex(State())
    struct State {
      var runs = 0
      var lastRunStartedAt: Date?
      var deadLetters: [Job] = []
      var deadLetterErrors: [String] = []
      var commits = 0
    }

    func started() -> Int {
      self.state.withLock { state in
        state.runs += 1
        state.lastRunStartedAt = Date()
        return state.runs
      }
    }

    func deadLettered(_ job: Job, error: String) {
      self.state.withLock { state in
        state.deadLetters.append(job)
        state.deadLetterErrors.append(error)
      }
    }

    func committed() { self.state.withLock { $0.commits += 1 } }

    var snapshot: State { self.state.withLock { $0 } }
  }

  /// A job handler of ours: `body` gets the run's number (1 for the first) and returns the effect.
  struct TestHandler: JobHandler {
    let log: Log
    let body: @Sendable (Int) async throws -> JobEffect
    let deadLetterEffect: @Sendable () -> JobEffect?

    init(log: Log, deadLetter: @escaping @Sendable () -> JobEffect? = { nil }, run body: @escaping @Sendable (Int) async throws -> JobEffect) {
      self.log = log
      self.body = body
      self.deadLetterEffect = deadLetter
    }

    func run(_ job: Job) async throws -> JobEffect {
      let run = self.log.started()
      return try await self.body(run)
    }

    func deadLetter(_ job: Job, error: String) -> JobEffect? {
      self.log.deadLettered(job, error: error)
      return self.deadLetterEffect()
    }
  }

  struct EffectRefused: Error {}
  struct Flaky: Error {}

  /// One worker per queue, polling every 20 ms; failed jobs wait 10 ms (no jitter).
  static func workers(_ store: Store, _ repository: SQLIntegrationRepository, _ handler: TestHandler, signal: JobSignal) -> JobWorkers {
    var configuration = JobWorkerConfiguration()
    configuration.workersPerQueue = 1
    configuration.pollInterval = .milliseconds(20)
    configuration.retryPolicy = RetryPolicy(initialDelay: .milliseconds(10), multiplier: 1, maximumDelay: .milliseconds(10), jitter: 0)
    return JobWorkers(
      jobs: store.jobs, repository: repository, handlers: [Self.kind: handler], queues: [Self.queue, Self.otherQueue], signal: signal,
      configuration: configuration, logger: Logger(label: "test.job-workers", factory: { _ in SwiftLogNoOpLogHandler() }),
      onCommit: { handler.log.committed() }
    )
  }

  /// Runs `body` while the workers run, then cancels them and waits until they stopped.
  static func whileRunning<T: Sendable>(_ workers: JobWorkers, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
      group.addTask { await workers.run() }
      defer { group.cancelAll() }
      return try await body()
    }
  }

  /// The job once `done` holds for it; nil when it does not within 30 s (the whole suite may be
  /// running beside it).
  static func job(_ id: String, in store: Store, until done: (Job) -> Bool) async throws -> Job? {
    var found: Job?
    _ = try await eventually {
      found = try await store.jobs.job(id: id)
      return found.map(done) ?? false
    }
    return found.flatMap { done($0) ? $0 : nil }
  }

  static func cursor(_ name: String, _ repository: SQLIntegrationRepository) async throws -> Int64 {
    try await repository.read { db in try db.cursor(name) }
  }

  // MARK: (a) success

  @Test("a job whose handler succeeds is SUCCEEDED and its effect committed")
  func success() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(log: log) { _ in { db in try db.setCursor("test", to: 42) } }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_ok"))
      let done = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        try await Self.job(job.id, in: store) { $0.state == .succeeded }
      }
      let finished = try #require(done)
      #expect(finished.attempts == 1)
      #expect(finished.finishedAt != nil)
      #expect(finished.leaseOwner == nil)
      let check8 = try await Self.cursor("test", repository) == 42
      #expect(check8)
      #expect(log.snapshot.runs == 1)
      #expect(log.snapshot.commits == 1)
      #expect(log.snapshot.deadLetters.isEmpty)
    }
  }

  @Test("a job's effect and its completion commit together: an effect that throws leaves nothing of itself, and the job is not SUCCEEDED")
  func effectCommitsWithCompletion() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(log: log) { _ in
        { db in
          try db.setCursor("test", to: 42)
          throw EffectRefused()
        }
      }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_rollback", maxAttempts: 1))
      let done = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        try await Self.job(job.id, in: store) { $0.state == .dead }
      }
      let dead = try #require(done)
      #expect(dead.lastError.contains("EffectRefused"))
      let check9 = try await Self.cursor("test", repository) == 0
      #expect(check9)
      #expect(log.snapshot.commits == 0)
    }
  }

  // MARK: (b) Retry-After

  @Test("a retryable ProviderError with Retry-After 2 s: RETRYING, due no sooner than 2 s later, although the backoff is 10 ms")
  func retryAfter() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(log: log) { _ in
        throw ProviderError(provider: "stripe", httpStatus: 429, message: "slow down", retryable: true, retryAfter: .seconds(2))
      }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_429", maxAttempts: 5))
      let (retrying, later) = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        let firstFailure = try await Self.job(job.id, in: store) { $0.state == .retrying }
        // With the 10 ms backoff alone it would have run again many times by now.
        try await Task.sleep(for: .milliseconds(500))
        let afterWaiting = try await store.jobs.job(id: job.id)
        return (firstFailure, afterWaiting)
      }
      let failed = try #require(retrying)
      let startedAt = try #require(log.snapshot.lastRunStartedAt)
      #expect(failed.attempts == 1)
      #expect(failed.runAt.timeIntervalSince(startedAt) >= 1.999, "due \(failed.runAt), the attempt started \(startedAt)")
      #expect(failed.runAt.timeIntervalSince(startedAt) < 10)
      #expect(failed.lastError.contains("HTTP 429 from stripe: slow down"))
      #expect(log.snapshot.runs == 1)
      #expect(later?.state == .retrying)
      #expect(later?.attempts == 1)
      #expect(log.snapshot.deadLetters.isEmpty)
    }
  }

  // MARK: (c) not retryable

  @Test("a ProviderError that is not retryable: DEAD at once, with the handler's dead-letter effect committed")
  func notRetryable() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(log: log, deadLetter: { { db in try db.setCursor("dead", to: 7) } }) { _ in
        throw ProviderError(provider: "stripe", httpStatus: 400, message: "No such customer: 'cus_x'", retryable: false)
      }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_400", maxAttempts: 5))
      let done = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        try await Self.job(job.id, in: store) { $0.state == .dead }
      }
      let dead = try #require(done)
      #expect(dead.attempts == 1)
      #expect(dead.finishedAt != nil)
      #expect(dead.lastError.contains("No such customer"))
      #expect(log.snapshot.runs == 1)
      let check10 = try await Self.cursor("dead", repository) == 7
      #expect(check10)
      // The handler was told with the job as stored dead, and why.
      #expect(log.snapshot.deadLetters.map(\.state) == [.dead])
      #expect(log.snapshot.deadLetterErrors.first?.contains("HTTP 400 from stripe") == true)
      #expect(log.snapshot.commits == 0)
    }
  }

  @Test("the dead letter and its effect commit together: when the effect throws, the job is not recorded DEAD either")
  func deadLetterIsAtomic() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(
        log: log,
        deadLetter: {
          { db in
            try db.setCursor("dead", to: 7)
            throw EffectRefused()
          }
        }
      ) { _ in
        throw ProviderError(provider: "mollie", httpStatus: 422, message: "The amount is invalid", retryable: false)
      }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_422", maxAttempts: 5))
      let after = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        let told = try await eventually { !log.snapshot.deadLetters.isEmpty }
        #expect(told)
        try await Task.sleep(for: .milliseconds(300))
        return try await store.jobs.job(id: job.id)
      }
      #expect(after?.state != .dead)
      #expect(after?.finishedAt == nil)
      let check11 = try await Self.cursor("dead", repository) == 0
      #expect(check11)
    }
  }

  // MARK: (d) last attempt

  @Test("a job that keeps failing is retried until maxAttempts, then DEAD (with its dead letter)")
  func maxAttempts() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(log: log, deadLetter: { { db in try db.setCursor("dead", to: 3) } }) { run in
        if run == 1 { throw Flaky() }  // any error is retried too
        throw ProviderError(provider: "stripe", httpStatus: 503, message: "unavailable", retryable: true)
      }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_503", maxAttempts: 3))
      let done = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        try await Self.job(job.id, in: store) { $0.state == .dead }
      }
      let dead = try #require(done)
      #expect(dead.attempts == 3)
      #expect(dead.lastError.contains("HTTP 503 from stripe"))
      #expect(log.snapshot.runs == 3)
      #expect(log.snapshot.deadLetters.count == 1)
      let check12 = try await Self.cursor("dead", repository) == 3
      #expect(check12)
    }
  }

  // MARK: (e) pause

  @Test("a paused queue leases nothing (other queues go on) until it is resumed")
  func pausedQueue() async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let handler = TestHandler(log: log) { _ in { _ in } }
      let signal = JobSignal()
      try await store.jobs.setPaused(true, queue: Self.queue)
      let paused = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_paused"))
      let other = try await store.jobs.enqueue(NewJob(queue: Self.otherQueue, kind: Self.kind, resourceID: "res_other"))
      let (whilePaused, otherDone, resumed) = try await Self.whileRunning(Self.workers(store, repository, handler, signal: signal)) {
        let otherJob = try await Self.job(other.id, in: store) { $0.state == .succeeded }
        try await Task.sleep(for: .milliseconds(300))  // 15 poll intervals
        let pausedJob = try await store.jobs.job(id: paused.id)
        try await store.jobs.setPaused(false, queue: Self.queue)
        signal.notify()
        let resumedJob = try await Self.job(paused.id, in: store) { $0.state == .succeeded }
        return (pausedJob, otherJob, resumedJob)
      }
      #expect(otherDone != nil)
      #expect(whilePaused?.state == .pending)
      #expect(whilePaused?.attempts == 0)
      #expect(resumed?.attempts == 1)
      #expect(log.snapshot.runs == 2)
    }
  }

  // MARK: (f) shutdown

  @Test(
    "workers cancelled while a handler is blocked give the job back: pending or retrying as before, the attempt not counted",
    arguments: [false, true], [false, true]
  )
  func cancellationGivesBack(failedBefore: Bool, providerErrorOnCancel: Bool) async throws {
    try await withIntegrationStore { store, repository in
      let log = Log()
      let blockingRun = failedBefore ? 2 : 1
      let handler = TestHandler(log: log) { run in
        if run < blockingRun {
          throw ProviderError(provider: "stripe", httpStatus: 500, message: "try again", retryable: true)
        }
        do {
          try await Task.sleep(for: .seconds(60))
        } catch {
          // An HTTP client may report the cancellation as a failure of its own.
          if providerErrorOnCancel { throw ProviderError(provider: "stripe", httpStatus: nil, message: "cancelled", retryable: false) }
          throw error
        }
        return { db in try db.setCursor("test", to: 1) }
      }
      let job = try await store.jobs.enqueue(NewJob(queue: Self.queue, kind: Self.kind, resourceID: "res_blocked", maxAttempts: 5))
      let blocked = try await Self.whileRunning(Self.workers(store, repository, handler, signal: JobSignal())) {
        try await eventually { log.snapshot.runs == blockingRun }
      }
      #expect(blocked)
      // The workers have stopped (whileRunning waited for them).
      let given = try #require(try await store.jobs.job(id: job.id))
      let expectedState: JobState = failedBefore ? .retrying : .pending
      #expect(given.state == expectedState)
      #expect(given.attempts == blockingRun - 1)
      #expect(given.leaseOwner == nil)
      #expect(given.leaseExpiresAt == nil)
      #expect(given.runAt <= Date())
      #expect(log.snapshot.deadLetters.isEmpty)
      let check13 = try await Self.cursor("test", repository) == 0
      #expect(check13)
    }
  }
}
