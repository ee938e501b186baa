import Foundation
public import Logging
import RentGuyProviders
public import RentGuyStore
import Synchronization

/// How the job workers run.
public struct JobWorkerConfiguration: Sendable {
  /// Concurrent jobs per queue (each queue's own count wins).
  public var workersPerQueue = 16
  public var workers: [String: Int] = [:]
  /// How long a worker holds a job before another may take it (the worker died).
  public var leaseDuration: Duration = .seconds(120)
  /// How often an idle queue looks for due jobs without being woken.
  public var pollInterval: Duration = .milliseconds(500)
  public var retryPolicy: RetryPolicy = .defaults

  public init() {}

  func workers(for queue: String) -> Int { max(1, self.workers[queue] ?? self.workersPerQueue) }
}

/// The job queue's workers: per queue, up to N jobs run at once; each is leased, run outside any
/// transaction, and completed with its effect in one transaction (group commit), or failed with
/// backoff and jitter (honouring `Retry-After`) and dead-lettered after its last attempt. On
/// shutdown (cancellation) no new job is leased, and jobs cut short are given back at once rather
/// than waiting for their lease to expire.
public struct JobWorkers: Sendable {
  let jobs: JobQueue
  let repository: any IntegrationRepository
  /// By job kind.
  let handlers: [String: any JobHandler]
  let queues: [String]
  let signal: JobSignal
  let configuration: JobWorkerConfiguration
  let logger: Logger
  let owner: String
  /// Called after a job's effect committed (e.g. to wake booking event watchers).
  let onCommit: @Sendable () -> Void

  public init(
    jobs: JobQueue, repository: any IntegrationRepository, handlers: [String: any JobHandler], queues: [String], signal: JobSignal,
    configuration: JobWorkerConfiguration, logger: Logger, onCommit: @escaping @Sendable () -> Void = {}
  ) {
    self.onCommit = onCommit
    self.jobs = jobs
    self.repository = repository
    self.handlers = handlers
    self.queues = queues
    self.signal = signal
    self.configuration = configuration
    self.logger = logger
    self.owner = "worker-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
  }

  /// Runs every queue's workers until cancelled.
  public func run() async {
    await withDiscardingTaskGroup { group in
      for queue in self.queues {
        group.addTask { await self.run(queue: queue) }
      }
    }
  }

  private func run(queue: String) async {
    let limit = self.configuration.workers(for: queue)
    let running = RunningCount()
    // Jobs leased ahead (at most `limit`), so that a worker that finishes starts the next job at
    // once instead of waiting for a lease transaction. They run within their lease.
    var ahead: [Job] = []
    await withDiscardingTaskGroup { group in
      while !Task.isCancelled {
        let seen = self.signal.generation
        let free = limit - running.value.withLock { $0 }
        if free > 0, !ahead.isEmpty {
          // Paused meanwhile: what was leased ahead goes back unstarted.
          if (try? await self.jobs.pausedQueues().contains(queue)) == true {
            let (jobs, left) = (self.jobs, ahead)
            ahead = []
            try? await jobs.release(left)
            continue
          }
          for job in ahead.prefix(free) {
            running.value.withLock { $0 += 1 }
            group.addTask {
              await self.execute(job)
              running.value.withLock { $0 -= 1 }
              self.signal.notify()
            }
          }
          ahead.removeFirst(min(free, ahead.count))
          continue
        }
        guard ahead.count < limit / 2 + 1 else {
          _ = await self.signal.wait(past: seen, timeout: .milliseconds(50))
          continue
        }
        let wanted = limit - ahead.count + max(0, free)
        do {
          let paused = try await self.jobs.pausedQueues().contains(queue)
          var due = false
          if !paused { due = try await self.jobs.hasDue(queue: queue) }
          if !due {
            if free > 0 || paused { _ = await self.signal.wait(past: seen, timeout: self.configuration.pollInterval) }
            else { _ = await self.signal.wait(past: seen, timeout: .milliseconds(50)) }
            continue
          }
          // Through the group commit: leases share commits with everything else being written.
          let (owner, lease) = (self.owner, self.configuration.leaseDuration)
          ahead += try await self.repository.write { db in try db.leaseJobs(queue: queue, owner: owner, limit: wanted, leaseDuration: lease) }
        } catch {
          if Task.isCancelled { break }
          self.logger.error("cannot lease jobs", metadata: ["queue": "\(queue)", "error": "\(error)"])
          try? await Task.sleep(for: .seconds(1))
        }
      }
    }
    // Leased ahead and never started: give them back at once.
    if !ahead.isEmpty {
      let (jobs, left) = (self.jobs, ahead)
      await Task.detached { try? await jobs.release(left) }.value
    }
  }

  /// Runs one leased job and records its outcome.
  func execute(_ job: Job) async {
    guard let handler = self.handlers[job.kind] else {
      await self.record(job, failure: "no handler for job kind \(job.kind)", retryable: false, retryAfter: nil, handler: nil)
      return
    }
    do {
      let effect = try await handler.run(job)
      try await self.repository.write { db in
        try effect(db)
        try db.completeJob(job)
      }
      self.onCommit()
    } catch let error as ProviderError {
      if Task.isCancelled { return await self.giveBack(job) }
      await self.record(job, failure: error.description, retryable: error.retryable, retryAfter: error.retryAfter, handler: handler)
    } catch let postponed as JobPostponed {
      let jobs = self.jobs
      try? await jobs.release([job], runAt: Date().addingTimeInterval(postponed.delay.timeInterval))
    } catch let error as StoreError where error.code == .conflict && error.message.contains("no longer leased") {
      // Another worker took it over after our lease expired: its outcome counts.
      self.logger.warning("lost the lease of a job", metadata: ["job": "\(job.id)"])
    } catch {
      if Task.isCancelled { return await self.giveBack(job) }
      await self.record(job, failure: "\(error)", retryable: true, retryAfter: nil, handler: handler)
    }
  }

  private func record(_ job: Job, failure: String, retryable: Bool, retryAfter: Duration?, handler: (any JobHandler)?) async {
    let policy = self.configuration.retryPolicy
    do {
      let stored = try await self.repository.write { db -> Job in
        let stored = try db.failJob(job, error: failure, retryable: retryable, policy: policy, retryAfter: retryAfter)
        if stored.state == .dead, let effect = handler?.deadLetter(stored, error: failure) { try effect(db) }
        return stored
      }
      self.logger.info(
        "job failed", metadata: ["job": "\(job.id)", "kind": "\(job.kind)", "state": "\(stored.state.rawValue)", "error": "\(failure)"]
      )
    } catch {
      self.logger.error("cannot record a job's failure", metadata: ["job": "\(job.id)", "error": "\(error)"])
    }
  }

  /// Gives a job cut short by shutdown back, outside the cancelled task.
  private func giveBack(_ job: Job) async {
    let jobs = self.jobs
    await Task.detached { try? await jobs.release([job]) }.value
  }
}

/// Jobs of one queue running now.
private final class RunningCount: Sendable {
  let value = Mutex(0)
}
