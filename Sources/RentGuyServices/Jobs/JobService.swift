import Foundation
public import GRPCCore
public import RentGuyProto
public import RentGuyStore
import SwiftProtobuf

/// JobService: the job queue's operations view (status, jobs, retry, discard, pause, resume,
/// flush). Every change wakes the workers.
public struct JobService: Rentguy_Jobs_V1_JobService.SimpleServiceProtocol {
  let jobs: JobQueue
  let signal: JobSignal
  /// The queues this server works, shown even before their first job.
  let queues: [String]
  let configuration: JobWorkerConfiguration

  public init(jobs: JobQueue, signal: JobSignal, queues: [String], configuration: JobWorkerConfiguration) {
    self.jobs = jobs
    self.signal = signal
    self.queues = queues
    self.configuration = configuration
  }

  public func getQueueStatus(
    request: Rentguy_Jobs_V1_GetQueueStatusRequest, context: ServerContext
  ) async throws -> Rentguy_Jobs_V1_GetQueueStatusResponse {
    let statuses = try await self.statuses()
    return .with { $0.queues = statuses }
  }

  /// Every queue's status, known queues first.
  func statuses(now: Date = Date()) async throws -> [Rentguy_Jobs_V1_QueueStatus] {
    let stats = try await self.jobs.stats(succeededSince: now.addingTimeInterval(-86_400), known: self.queues)
    let paused = try await self.jobs.pausedQueues()
    var byQueue = Dictionary(uniqueKeysWithValues: stats.map { ($0.queue, $0) })
    for queue in self.queues where byQueue[queue] == nil { byQueue[queue] = QueueStats(queue: queue) }
    return byQueue.keys.sorted().compactMap { queue in
      byQueue[queue].map { self.status($0, paused: paused.contains(queue)) }
    }
  }

  func status(_ stats: QueueStats, paused: Bool) -> Rentguy_Jobs_V1_QueueStatus {
    .with {
      $0.queue = stats.queue
      $0.pending = Int64(stats.counts[.pending] ?? 0)
      $0.running = Int64(stats.counts[.running] ?? 0)
      $0.retrying = Int64(stats.counts[.retrying] ?? 0)
      $0.dead = Int64(stats.counts[.dead] ?? 0)
      $0.succeededLast24H = Int64(stats.counts[.succeeded] ?? 0)
      if let date = stats.oldestWaitingSince { $0.oldestWaitingSince = Google_Protobuf_Timestamp(date: date) }
      if let date = stats.lastSuccessAt { $0.lastSuccessAt = Google_Protobuf_Timestamp(date: date) }
      if let date = stats.lastFailureAt { $0.lastFailureAt = Google_Protobuf_Timestamp(date: date) }
      $0.lastError = stats.lastError
      $0.paused = paused
      $0.workers = self.queues.contains(stats.queue) ? Int32(self.configuration.workers(for: stats.queue)) : 0
    }
  }

  public func listJobs(request: Rentguy_Jobs_V1_ListJobsRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_ListJobsResponse {
    let size = try BookingService.pageSize(request.pageSize)
    let after = try BookingService.pageStart(request.pageToken)
    var states = Set<JobState>()
    for state in request.states {
      guard let mapped = Self.state(state) else { throw IntegrationError.invalidArgument("states", "\(state) is not a job state") }
      states.insert(mapped)
    }
    let found = try await self.jobs.list(
      queue: request.queue.isEmpty ? nil : request.queue, states: states, resourceID: request.resourceID.isEmpty ? nil : request.resourceID,
      after: after.isEmpty ? nil : after, limit: size + 1
    )
    let page = BookingService.page(found, size: size, id: \.id)
    return .with {
      $0.jobs = page.items.map(Self.proto)
      $0.nextPageToken = page.next
    }
  }

  public func getJob(request: Rentguy_Jobs_V1_GetJobRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_GetJobResponse {
    guard let job = try await self.jobs.job(id: request.jobID) else { throw IntegrationError.notFound("job", request.jobID) }
    return .with { $0.job = Self.proto(job) }
  }

  public func retryJob(request: Rentguy_Jobs_V1_RetryJobRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_RetryJobResponse {
    let job = try await Self.mapping { try await self.jobs.retry(jobID: request.jobID) }
    self.signal.notify()
    return .with { $0.job = Self.proto(job) }
  }

  public func discardJob(request: Rentguy_Jobs_V1_DiscardJobRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_DiscardJobResponse {
    let job = try await Self.mapping { try await self.jobs.discard(jobID: request.jobID) }
    return .with { $0.job = Self.proto(job) }
  }

  public func pauseQueue(request: Rentguy_Jobs_V1_PauseQueueRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_PauseQueueResponse {
    let status = try await self.setPaused(true, queue: request.queue)
    return .with { $0.status = status }
  }

  public func resumeQueue(request: Rentguy_Jobs_V1_ResumeQueueRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_ResumeQueueResponse {
    let status = try await self.setPaused(false, queue: request.queue)
    return .with { $0.status = status }
  }

  private func setPaused(_ paused: Bool, queue: String) async throws -> Rentguy_Jobs_V1_QueueStatus {
    guard !queue.isEmpty else { throw IntegrationError.invalidArgument("queue", "must not be empty") }
    try await self.jobs.setPaused(paused, queue: queue)
    self.signal.notify()
    guard let status = try await self.statuses().first(where: { $0.queue == queue }) else {
      return .with {
        $0.queue = queue
        $0.paused = paused
      }
    }
    return status
  }

  public func flushQueue(request: Rentguy_Jobs_V1_FlushQueueRequest, context: ServerContext) async throws -> Rentguy_Jobs_V1_FlushQueueResponse {
    let count = try await self.jobs.flush(queue: request.queue.isEmpty ? nil : request.queue, includeDead: request.includeDead)
    self.signal.notify()
    return .with { $0.jobsMadeDue = Int64(count) }
  }

  private static func mapping<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as StoreError { throw IntegrationError.store(error) }
  }

  static func state(_ state: Rentguy_Jobs_V1_JobState) -> JobState? {
    switch state {
    case .pending: .pending
    case .running: .running
    case .retrying: .retrying
    case .succeeded: .succeeded
    case .dead: .dead
    case .discarded: .discarded
    default: nil
    }
  }

  static func proto(_ job: Job) -> Rentguy_Jobs_V1_Job {
    .with {
      $0.id = job.id
      $0.queue = job.queue
      $0.kind = job.kind
      $0.state =
        switch job.state {
        case .pending: .pending
        case .running: .running
        case .retrying: .retrying
        case .succeeded: .succeeded
        case .dead: .dead
        case .discarded: .discarded
        }
      $0.resourceID = job.resourceID
      $0.attempts = Int32(job.attempts)
      $0.maxAttempts = Int32(job.maxAttempts)
      $0.createdAt = Google_Protobuf_Timestamp(date: job.createdAt)
      $0.runAt = Google_Protobuf_Timestamp(date: job.runAt)
      if let lease = job.leaseExpiresAt { $0.leaseExpiresAt = Google_Protobuf_Timestamp(date: lease) }
      if let finished = job.finishedAt { $0.finishedAt = Google_Protobuf_Timestamp(date: finished) }
      $0.lastError = job.lastError
    }
  }
}
