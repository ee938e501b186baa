import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// Printing shared by the queue commands: job states and rows of queues and jobs.
enum JobFormat {
  static let stateChoices: [(String, Rentguy_Jobs_V1_JobState)] = [
    ("pending", .pending), ("running", .running), ("retrying", .retrying), ("succeeded", .succeeded), ("dead", .dead),
    ("discarded", .discarded),
  ]

  static func name(_ state: Rentguy_Jobs_V1_JobState) -> String {
    switch state {
    case .unspecified: ""
    case .pending: "PENDING"
    case .running: "RUNNING"
    case .retrying: "RETRYING"
    case .succeeded: "SUCCEEDED"
    case .dead: "DEAD"
    case .discarded: "DISCARDED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  /// One row per queue.
  static func queueRows(_ queues: [Rentguy_Jobs_V1_QueueStatus], render: Render) -> [Row] {
    queues.map { queue in
      let row: Row = [
        ("queue", queue.queue), ("pending", String(queue.pending)), ("running", String(queue.running)),
        ("retrying", String(queue.retrying)), ("dead", String(queue.dead)), ("succeeded_24h", String(queue.succeededLast24H)),
        ("oldest_waiting", PaymentFormat.time(queue.oldestWaitingSince, isSet: queue.hasOldestWaitingSince, render: render)),
        ("last_success", PaymentFormat.time(queue.lastSuccessAt, isSet: queue.hasLastSuccessAt, render: render)),
        ("last_failure", PaymentFormat.time(queue.lastFailureAt, isSet: queue.hasLastFailureAt, render: render)),
        ("last_error", queue.lastError), ("paused", BookingFormat.yesNo(queue.paused)), ("workers", String(queue.workers)),
      ]
      return row
    }
  }

  /// One compact row per job.
  static func jobRows(_ jobs: [Rentguy_Jobs_V1_Job], render: Render) -> [Row] {
    jobs.map { job in
      let row: Row = [
        ("id", job.id), ("queue", job.queue), ("kind", job.kind), ("state", Self.name(job.state)),
        ("resource", job.resourceID), ("attempts", "\(job.attempts)/\(job.maxAttempts)"),
        ("run_at", PaymentFormat.time(job.runAt, isSet: job.hasRunAt, render: render)), ("last_error", job.lastError),
      ]
      return row
    }
  }

  /// The job's fields, all of them.
  static func jobDetail(_ job: Rentguy_Jobs_V1_Job, render: Render) -> [Row] {
    let more: Row = [
      ("created", PaymentFormat.time(job.createdAt, isSet: job.hasCreatedAt, render: render)),
      ("lease_expires", PaymentFormat.time(job.leaseExpiresAt, isSet: job.hasLeaseExpiresAt, render: render)),
      ("finished", PaymentFormat.time(job.finishedAt, isSet: job.hasFinishedAt, render: render)),
    ]
    return [Self.jobRows([job], render: render)[0] + more]
  }
}

/// `rentguy queue status|jobs|job|retry|discard|flush|pause|resume`.
struct QueueCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue", abstract: "The durable job queue: status, backlog, retry, discard, flush, pause.",
    subcommands: [Status.self, Jobs.self, Job.self, Retry.self, Discard.self, Flush.self, Pause.self, Resume.self]
  )

  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Every queue at a glance: jobs per state, oldest waiting, last success and error.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let queues = try await global.call { try await $0.jobs.getQueueStatus(.init()).queues }
      OutputPrinter(format: global.output).print(rows: JobFormat.queueRows(queues, render: Render(global.output)))
    }
  }

  struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List jobs by queue, state and resource, oldest first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this queue's (e.g. payments.stripe, webhooks.outbound).") var queue: String?
    @Option(
      help: ArgumentHelp(
        "Only these states, comma-separated: \(JobFormat.stateChoices.map(\.0).joined(separator: ", ")).", valueName: "states"
      )
    )
    var state: String?
    @Option(help: ArgumentHelp("Only jobs concerning this record (pay_…, rfd_…, whd_…).", valueName: "id")) var resource: String?

    func validate() throws {
      _ = try PaymentFormat.list(state, option: "--state", choices: JobFormat.stateChoices)
    }

    func run() async throws {
      let states = try PaymentFormat.list(self.state, option: "--state", choices: JobFormat.stateChoices)
      let (queue, resource) = (self.queue, self.resource)
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.jobs.listJobs(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.queue = queue ?? ""
          $0.states = states
          $0.resourceID = resource ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: JobFormat.jobRows(response.jobs, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Job: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a job.", discussion: "With --output json, the job as protobuf JSON.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job's id (job_…).") var id: String

    func run() async throws {
      let id = self.id
      let job = try await global.call { try await $0.jobs.getJob(.with { $0.jobID = id }).job }
      try DetailPrinter.print(global.output, message: job, sections: [JobFormat.jobDetail(job, render: Render(global.output))])
    }
  }

  struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a DEAD or RETRYING job now, with a fresh set of attempts.",
      discussion: "FAILED_PRECONDITION for a job in any other state."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job's id (job_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      let job = try await global.call { client in
        try await client.jobs.retryJob(.with {
          $0.idempotencyKey = key
          $0.jobID = id
        }).job
      }
      OutputPrinter(format: global.output).print(rows: JobFormat.jobRows([job], render: Render(global.output)))
    }
  }

  struct Discard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Give up on a PENDING, RETRYING or DEAD job: it never runs again.",
      discussion: "FAILED_PRECONDITION for a RUNNING or finished job."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job's id (job_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      let job = try await global.call { client in
        try await client.jobs.discardJob(.with {
          $0.idempotencyKey = key
          $0.jobID = id
        }).job
      }
      OutputPrinter(format: global.output).print(rows: JobFormat.jobRows([job], render: Render(global.output)))
    }
  }

  struct Flush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Make every PENDING and RETRYING job due now (of one queue, or all) and wake the workers.",
      discussion: "A paused queue stays paused: its jobs are due when it resumes."
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this queue (default: every queue).") var queue: String?
    @Flag(help: "Revive DEAD jobs too, with a fresh set of attempts.") var includeDead = false

    func run() async throws {
      let (queue, includeDead, key) = (self.queue ?? "", self.includeDead, UUID().uuidString)
      let count = try await global.call { client in
        try await client.jobs.flushQueue(.with {
          $0.idempotencyKey = key
          $0.queue = queue
          $0.includeDead = includeDead
        }).jobsMadeDue
      }
      switch global.output {
      case .table: Swift.print(count == 1 ? "1 job made due" : "\(count) jobs made due")
      case .json: OutputPrinter(format: .json).print(rows: [[("jobs_made_due", String(count))]])
      }
    }
  }

  struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stop a queue's workers from taking jobs (running jobs finish; jobs keep arriving)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The queue (e.g. payments.stripe).") var queue: String

    func run() async throws {
      let (queue, key) = (self.queue, UUID().uuidString)
      let status = try await global.call { client in
        try await client.jobs.pauseQueue(.with {
          $0.idempotencyKey = key
          $0.queue = queue
        }).status
      }
      OutputPrinter(format: global.output).print(rows: JobFormat.queueRows([status], render: Render(global.output)))
    }
  }

  struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Let a paused queue's workers take jobs again.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The queue (e.g. payments.stripe).") var queue: String

    func run() async throws {
      let (queue, key) = (self.queue, UUID().uuidString)
      let status = try await global.call { client in
        try await client.jobs.resumeQueue(.with {
          $0.idempotencyKey = key
          $0.queue = queue
        }).status
      }
      OutputPrinter(format: global.output).print(rows: JobFormat.queueRows([status], render: Render(global.output)))
    }
  }
}
