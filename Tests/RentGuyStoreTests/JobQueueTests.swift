import Foundation
import GRDB
import RentGuyStore
import Testing

@Suite("Job queue")
struct JobQueueTests {
  let store: Store
  let start = Date(timeIntervalSince1970: 1_790_000_000)
  let policy = RetryPolicy(initialDelay: .seconds(10), multiplier: 2, maximumDelay: .seconds(60), jitter: 0)

  init() throws {
    store = try Store.open(.defaults { $0.location = .inMemory })
  }

  @Test("a job enqueued in a transaction that rolls back is never seen")
  func jobCommitsWithItsChange() async throws {
    struct Abort: Error {}
    await #expect(throws: Abort.self) {
      try await store.writer.write { db in
        try db.execute(sql: "INSERT INTO locations (id, name, kind) VALUES ('loc_1', 'Main', 1)")
        try JobQueue.enqueue(NewJob(queue: "q", kind: "k"), in: db, now: start)
        throw Abort()
      }
    }
    #expect(try await store.jobs.list().isEmpty)

    try await store.writer.write { db in
      try db.execute(sql: "INSERT INTO locations (id, name, kind) VALUES ('loc_1', 'Main', 1)")
      try JobQueue.enqueue(NewJob(queue: "q", kind: "k", resourceID: "loc_1"), in: db, now: start)
    }
    let jobs = try await store.jobs.list()
    #expect(jobs.count == 1)
    #expect(jobs.first?.resourceID == "loc_1")
    #expect(jobs.first?.state == .pending)
  }

  @Test("a job without a queue or kind is refused")
  func invalidJobsAreRefused() async throws {
    await #expect(throws: StoreError.self) {
      try await store.jobs.enqueue(NewJob(queue: "", kind: "k"))
    }
    await #expect(throws: StoreError.self) {
      try await store.jobs.enqueue(NewJob(queue: "q", kind: "k", maxAttempts: 0))
    }
  }

  @Test("a lease takes due jobs of one queue, oldest first, and starts an attempt")
  func leaseTakesDueJobsInOrder() async throws {
    let first = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a"), now: start)
    let second = try await store.jobs.enqueue(NewJob(queue: "q", kind: "b"), now: start.addingTimeInterval(1))
    _ = try await store.jobs.enqueue(NewJob(queue: "other", kind: "c"), now: start)
    _ = try await store.jobs.enqueue(
      NewJob(queue: "q", kind: "later", notBefore: start.addingTimeInterval(3600)),
      now: start
    )

    let leased = try await store.jobs.lease(
      queue: "q", owner: "worker-1", limit: 10, leaseDuration: .seconds(30), now: start.addingTimeInterval(2)
    )
    #expect(leased.map(\.id) == [first.id, second.id])
    #expect(leased.allSatisfy { $0.state == .running && $0.attempts == 1 && $0.leaseOwner == "worker-1" })

    let again = try await store.jobs.lease(
      queue: "q", owner: "worker-2", limit: 10, leaseDuration: .seconds(30), now: start.addingTimeInterval(3)
    )
    #expect(again.isEmpty, "leased jobs and jobs not yet due are not handed out")
  }

  @Test("a completed job is succeeded and not leased again")
  func completedJobsAreDone() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a"), now: start)
    let job = try #require(
      try await store.jobs.lease(queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start).first
    )
    try await store.jobs.complete(job, now: start.addingTimeInterval(1))
    let stored = try #require(try await store.jobs.job(id: job.id))
    #expect(stored.state == .succeeded)
    #expect(stored.finishedAt == start.addingTimeInterval(1))
    let later = try await store.jobs.lease(
      queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start.addingTimeInterval(3600)
    )
    #expect(later.isEmpty)
  }

  @Test("retention removes finished jobs older than the cutoff, and keeps waiting, dead and newer ones")
  func retentionRemovesOnlyOldFinishedJobs() async throws {
    let old = try await store.jobs.enqueue(NewJob(queue: "q", kind: "done"), now: start)
    let leased = try #require(try await store.jobs.lease(queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start).first)
    #expect(leased.id == old.id)
    try await store.jobs.complete(leased, now: start)
    let discarded = try await store.jobs.enqueue(NewJob(queue: "q", kind: "gone", notBefore: start.addingTimeInterval(7200)), now: start)
    try await store.jobs.discard(jobID: discarded.id, now: start)
    let waiting = try await store.jobs.enqueue(NewJob(queue: "q", kind: "waiting", notBefore: start.addingTimeInterval(7200)), now: start)
    let removed = try await store.jobs.prune(finishedBefore: start.addingTimeInterval(1))
    #expect(removed == 2)
    #expect(try await store.jobs.job(id: old.id) == nil)
    #expect(try await store.jobs.job(id: discarded.id) == nil)
    #expect(try await store.jobs.job(id: waiting.id)?.state == .pending)
    #expect(try await store.jobs.prune(finishedBefore: start.addingTimeInterval(1)) == 0)
  }

  @Test("failed attempts wait with exponential backoff, then the job is dead-lettered")
  func failuresBackOffThenDeadLetter() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a", maxAttempts: 3), now: start)
    var now = start
    var waits: [TimeInterval] = []
    var last: Job?
    for _ in 1...3 {
      let job = try #require(
        try await store.jobs.lease(queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: now).first
      )
      let failed = try await store.jobs.fail(job, error: "HTTP 503", policy: policy, now: now, random: 0.5)
      last = failed
      if failed.state == .retrying {
        waits.append(failed.runAt.timeIntervalSince(now))
        // Not due before its time.
        let early = try await store.jobs.lease(
          queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: failed.runAt.addingTimeInterval(-0.5)
        )
        #expect(early.isEmpty)
        now = failed.runAt
      }
    }
    #expect(waits == [10, 20])
    #expect(last?.state == .dead)
    #expect(last?.attempts == 3)
    #expect(last?.lastError == "HTTP 503")
  }

  @Test("a failure that is not retryable dead-letters at once")
  func permanentFailureDeadLetters() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a"), now: start)
    let job = try #require(
      try await store.jobs.lease(queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start).first
    )
    let failed = try await store.jobs.fail(job, error: "HTTP 400 invalid amount", retryable: false, now: start)
    #expect(failed.state == .dead)
    #expect(failed.attempts == 1)
  }

  @Test("an expired lease makes the job due again, and the old worker's completion is refused")
  func expiredLeaseIsTakenOver() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a"), now: start)
    let lost = try #require(
      try await store.jobs.lease(queue: "q", owner: "w1", limit: 1, leaseDuration: .seconds(30), now: start).first
    )
    let taken = try #require(
      try await store.jobs.lease(
        queue: "q", owner: "w2", limit: 1, leaseDuration: .seconds(30), now: start.addingTimeInterval(31)
      ).first
    )
    #expect(taken.id == lost.id)
    #expect(taken.attempts == 2)
    do {
      try await store.jobs.complete(lost, now: start.addingTimeInterval(32))
      Issue.record("a lost lease completed the job")
    } catch let error as StoreError {
      #expect(error.code == .conflict)
    }
    try await store.jobs.complete(taken, now: start.addingTimeInterval(33))
    #expect(try await store.jobs.job(id: taken.id)?.state == .succeeded)
  }

  @Test("a lease that expires on the last attempt dead-letters the job")
  func expiredLastLeaseDeadLetters() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a", maxAttempts: 1), now: start)
    let job = try #require(
      try await store.jobs.lease(queue: "q", owner: "w1", limit: 1, leaseDuration: .seconds(30), now: start).first
    )
    let next = try await store.jobs.lease(
      queue: "q", owner: "w2", limit: 1, leaseDuration: .seconds(30), now: start.addingTimeInterval(60)
    )
    #expect(next.isEmpty)
    let stored = try #require(try await store.jobs.job(id: job.id))
    #expect(stored.state == .dead)
    #expect(stored.lastError == "the lease of its last attempt expired (owner w1)")
  }

  @Test("retrying a dead job gives it a fresh set of attempts; retrying a pending job is refused")
  func retryRevivesDeadJobs() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a", maxAttempts: 1), now: start)
    let job = try #require(
      try await store.jobs.lease(queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start).first
    )
    _ = try await store.jobs.fail(job, error: "boom", now: start)
    let revived = try await store.jobs.retry(jobID: job.id, now: start.addingTimeInterval(5))
    #expect(revived.state == .pending)
    #expect(revived.attempts == 0)
    #expect(revived.runAt == start.addingTimeInterval(5))

    do {
      try await store.jobs.retry(jobID: job.id)
      Issue.record("a pending job was retried")
    } catch let error as StoreError {
      #expect(error.code == .conflict)
    }
    do {
      try await store.jobs.retry(jobID: "job_missing")
      Issue.record("a missing job was retried")
    } catch let error as StoreError {
      #expect(error.code == .notFound)
    }
  }

  @Test("flushing makes waiting jobs due now, and revives dead ones when asked")
  func flushMakesJobsDue() async throws {
    _ = try await store.jobs.enqueue(
      NewJob(queue: "q", kind: "later", notBefore: start.addingTimeInterval(3600)), now: start
    )
    _ = try await store.jobs.enqueue(
      NewJob(queue: "other", kind: "later", notBefore: start.addingTimeInterval(3600)), now: start
    )
    _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "dies", maxAttempts: 1), now: start)
    let dying = try #require(
      try await store.jobs.lease(queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start).first
    )
    _ = try await store.jobs.fail(dying, error: "boom", now: start)

    #expect(try await store.jobs.flush(queue: "q", includeDead: false, now: start) == 1)
    #expect(try await store.jobs.flush(queue: "q", includeDead: true, now: start) == 1)
    let due = try await store.jobs.lease(queue: "q", owner: "w", limit: 10, leaseDuration: .seconds(30), now: start)
    #expect(Set(due.map(\.kind)) == ["later", "dies"])
    #expect(try await store.jobs.flush(queue: nil, includeDead: false, now: start) == 1)
  }

  @Test("stats count jobs per queue and state, with the backlog's age and the last error")
  func statsSummariseQueues() async throws {
    _ = try await store.jobs.enqueue(NewJob(queue: "payments.stripe", kind: "a"), now: start)
    _ = try await store.jobs.enqueue(NewJob(queue: "payments.stripe", kind: "b"), now: start.addingTimeInterval(1))
    _ = try await store.jobs.enqueue(NewJob(queue: "export.moneybird", kind: "c", maxAttempts: 1), now: start)
    let job = try #require(
      try await store.jobs.lease(
        queue: "export.moneybird", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start
      ).first
    )
    _ = try await store.jobs.fail(job, error: "HTTP 429", now: start.addingTimeInterval(2))

    let stats = try await store.jobs.stats()
    #expect(stats.map(\.queue) == ["export.moneybird", "payments.stripe"])
    let stripe = try #require(stats.last)
    #expect(stripe.counts[.pending] == 2)
    #expect(stripe.backlog == 2)
    #expect(stripe.oldestWaitingSince == start)
    let moneybird = try #require(stats.first)
    #expect(moneybird.counts[.dead] == 1)
    #expect(moneybird.lastError == "HTTP 429")
    #expect(moneybird.lastFailureAt == start.addingTimeInterval(2))
  }

  @Test("workers leasing at the same time never get the same job")
  func concurrentLeasesAreDisjoint() async throws {
    try await withTemporaryDirectory { directory in
      let store = try Store.open(.defaults { $0.location = .file(path: directory + "/jobs.sqlite") })
      try await store.writer.write { db in
        for index in 0..<200 {
          try JobQueue.enqueue(NewJob(queue: "q", kind: "k", resourceID: "r\(index)"), in: db, now: start)
        }
      }
      let leased = try await withThrowingTaskGroup(of: [String].self) { group in
        for worker in 0..<8 {
          group.addTask {
            var mine: [String] = []
            while true {
              let batch = try await store.jobs.lease(
                queue: "q", owner: "w\(worker)", limit: 7, leaseDuration: .seconds(30), now: start
              )
              if batch.isEmpty { return mine }
              mine += batch.map(\.id)
            }
          }
        }
        return try await group.reduce(into: [String]()) { $0 += $1 }
      }
      #expect(leased.count == 200)
      #expect(Set(leased).count == 200)
    }
  }

  @Test("a leased job survives a restart: the database on disk still has it")
  func jobsSurviveReopening() async throws {
    try await withTemporaryDirectory { directory in
      let configuration = StoreConfiguration.defaults { $0.location = .file(path: directory + "/jobs.sqlite") }
      do {
        let store = try Store.open(configuration)
        _ = try await store.jobs.enqueue(NewJob(queue: "q", kind: "a"), now: start)
        _ = try await store.jobs.lease(queue: "q", owner: "crashed", limit: 1, leaseDuration: .seconds(30), now: start)
      }
      let reopened = try Store.open(configuration)
      let recovered = try await reopened.jobs.lease(
        queue: "q", owner: "w", limit: 1, leaseDuration: .seconds(30), now: start.addingTimeInterval(31)
      )
      #expect(recovered.count == 1)
      #expect(recovered.first?.attempts == 2)
    }
  }
}

@Suite("Retry policy")
struct RetryPolicyTests {
  @Test("the wait doubles per attempt up to the maximum", arguments: [
    (1, 5.0), (2, 10.0), (3, 20.0), (8, 640.0), (12, 3600.0), (50, 3600.0),
  ])
  func waitDoubles(attempt: Int, seconds: Double) {
    let policy = RetryPolicy.defaults
    #expect(policy.delay(afterAttempt: attempt, random: 0.5) == .milliseconds(Int64(seconds * 1000)))
  }

  @Test("jitter moves the wait by at most its share")
  func jitterIsBounded() {
    let policy = RetryPolicy.defaults
    #expect(policy.delay(afterAttempt: 1, random: 0) == .seconds(4))
    #expect(policy.delay(afterAttempt: 1, random: 0.999_999) <= .seconds(6))
  }
}

