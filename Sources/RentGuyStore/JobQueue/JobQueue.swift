public import Foundation
public import GRDB

/// The durable job queue: outbound work that survives restarts and is delivered at least once.
///
/// A producer enqueues a job with ``enqueue(_:in:now:)`` *inside the transaction of the change
/// that causes it*, so the change and its job commit together or not at all. A worker then
/// ``lease(queue:owner:limit:leaseDuration:now:)``s due jobs, runs them outside any transaction,
/// and reports ``complete(_:now:)`` or ``fail(_:error:retryable:policy:now:random:)``. A failed
/// job waits with exponential backoff and is dead-lettered after its last attempt; a lease that
/// expires (the worker died) makes the job due again. Handlers must be idempotent: a job can
/// run again after its work was done but before `complete` was committed.
public struct JobQueue: Sendable {
  let writer: any DatabaseWriter

  /// A queue over `writer`'s database.
  public init(writer: any DatabaseWriter) {
    self.writer = writer
  }

  // MARK: Producing

  /// Adds a job in the caller's transaction: it commits (and becomes visible to workers) with
  /// the caller's other changes, or not at all.
  @discardableResult
  public static func enqueue(_ new: NewJob, in db: Database, now: Date = Date()) throws -> Job {
    let now = now.storePrecision
    guard !new.queue.isEmpty, !new.kind.isEmpty else {
      throw StoreError(code: .invalidArgument, message: "a job needs a queue and a kind")
    }
    guard new.maxAttempts > 0 else {
      throw StoreError(code: .invalidArgument, message: "maxAttempts must be at least 1")
    }
    let job = Job(
      id: Identifier.make("job", at: now),
      queue: new.queue,
      kind: new.kind,
      resourceID: new.resourceID,
      payload: new.payload,
      state: .pending,
      attempts: 0,
      maxAttempts: new.maxAttempts,
      runAt: max(new.notBefore?.storePrecision ?? now, now),
      leaseOwner: nil,
      leaseExpiresAt: nil,
      createdAt: now,
      updatedAt: now,
      finishedAt: nil,
      lastError: ""
    )
    try job.insert(db)
    return job
  }

  /// Adds a job in a transaction of its own.
  @discardableResult
  public func enqueue(_ new: NewJob, now: Date = Date()) async throws -> Job {
    try await writer.write { db in try Self.enqueue(new, in: db, now: now) }
  }

  // MARK: Working

  /// Leases up to `limit` due jobs of `queue` for `owner`, oldest due first.
  ///
  /// Due means pending or retrying with `runAt <= now`, or running with an expired lease.
  /// Leasing starts an attempt. A job whose lease expired on its last attempt is dead-lettered
  /// instead of leased.
  public func lease(
    queue: String,
    owner: String,
    limit: Int,
    leaseDuration: Duration,
    now: Date = Date()
  ) async throws -> [Job] {
    try await writer.write { db in try Self.lease(queue: queue, owner: owner, limit: limit, leaseDuration: leaseDuration, in: db, now: now) }
  }

  /// ``lease(queue:owner:limit:leaseDuration:now:)`` inside the caller's transaction (a group
  /// commit shared with other writes).
  public static func lease(
    queue: String,
    owner: String,
    limit: Int,
    leaseDuration: Duration,
    in db: Database,
    now: Date = Date()
  ) throws -> [Job] {
    let now = now.storePrecision
    let expiredOnLastAttempt = try Job.fetchAll(
      db,
      sql: """
        SELECT * FROM jobs
        WHERE queue = ? AND state = 'running' AND lease_expires_at <= ? AND attempts >= max_attempts
        """,
      arguments: [queue, now.millisecondsSince1970]
    )
    for var job in expiredOnLastAttempt {
      job.lastError = "the lease of its last attempt expired (owner \(job.leaseOwner ?? "?"))"
      job.state = .dead
      job.leaseOwner = nil
      job.leaseExpiresAt = nil
      job.finishedAt = now
      job.updatedAt = now
      try job.update(db)
    }

    // One index range per state (queue, state, run_at): no scan or sort of a long backlog.
    var due: [Job] = []
    for state in ["pending", "retrying"] {
      due += try Job.fetchAll(
        db.cachedStatement(sql: "SELECT * FROM jobs WHERE queue = ? AND state = ? AND run_at <= ? ORDER BY run_at LIMIT ?"),
        arguments: [queue, state, now.millisecondsSince1970, max(0, limit)]
      )
    }
    due += try Job.fetchAll(
      db.cachedStatement(sql: "SELECT * FROM jobs WHERE queue = ? AND state = 'running' AND lease_expires_at <= ? LIMIT ?"),
      arguments: [queue, now.millisecondsSince1970, max(0, limit)]
    )
    due = Array(due.sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }.prefix(max(0, limit)))
    let expiry = now.addingTimeInterval(leaseDuration.timeInterval).storePrecision
    let lease = try db.cachedStatement(
      sql: "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE id = ?"
    )
    for index in due.indices {
      due[index].state = .running
      due[index].attempts += 1
      due[index].leaseOwner = owner
      due[index].leaseExpiresAt = expiry
      due[index].updatedAt = now
      try lease.execute(arguments: [owner, expiry.millisecondsSince1970, now.millisecondsSince1970, due[index].id])
    }
    return due
  }

  /// Marks a leased job done. Throws ``StoreError/Code/conflict`` when the lease was lost
  /// (it expired and another worker took the job).
  public func complete(_ job: Job, now: Date = Date()) async throws {
    try await writer.write { db in try Self.complete(job, in: db, now: now) }
  }

  /// Marks a leased job done inside the caller's transaction, so that the job's effect and its
  /// completion commit together. Throws ``StoreError/Code/conflict`` when the lease was lost.
  public static func complete(_ job: Job, in db: Database, now: Date = Date()) throws {
    let now = now.storePrecision.millisecondsSince1970
    // Only the columns that change (fewer index updates), and only while the lease is ours.
    try db.cachedStatement(
      sql: """
        UPDATE jobs SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, finished_at = ?, updated_at = ?
        WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?
        """
    ).execute(arguments: [now, now, job.id, job.leaseOwner, job.attempts])
    guard db.changesCount == 1 else {
      _ = try Self.leased(job, in: db)  // throws notFound or conflict, saying which
      return
    }
  }

  /// Gives leased jobs back unfinished (a worker shutting down): they are due again at once, and
  /// the attempt they were on does not count.
  public func release(_ jobs: [Job], runAt: Date? = nil, now: Date = Date()) async throws {
    let now = now.storePrecision
    let due = runAt?.storePrecision ?? now
    try await writer.write { db in
      for job in jobs {
        guard var current = try? Self.leased(job, in: db) else { continue }
        current.state = current.attempts > 1 ? .retrying : .pending
        current.attempts -= 1
        current.leaseOwner = nil
        current.leaseExpiresAt = nil
        current.runAt = due
        current.updatedAt = now
        try current.update(db)
      }
    }
  }

  /// Whether `queue` has a job due now (a read: no write transaction when there is nothing to do).
  public func hasDue(queue: String, now: Date = Date()) async throws -> Bool {
    let now = now.storePrecision.millisecondsSince1970
    return try await writer.read { db in
      try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS (SELECT 1 FROM jobs WHERE queue = ? AND state = 'pending' AND run_at <= ?)
            OR EXISTS (SELECT 1 FROM jobs WHERE queue = ? AND state = 'retrying' AND run_at <= ?)
            OR EXISTS (SELECT 1 FROM jobs WHERE queue = ? AND state = 'running' AND lease_expires_at <= ?)
          """,
        arguments: [queue, now, queue, now, queue, now]
      ) ?? false
    }
  }

  /// Records a failed attempt of a leased job: it retries after the policy's backoff, or is
  /// dead-lettered when it was the last attempt or the failure is not retryable.
  ///
  /// - Parameter random: a value in `0..<1` for the jitter (injected by tests).
  /// - Returns: the job as stored now (`.retrying` or `.dead`).
  @discardableResult
  public func fail(
    _ job: Job,
    error: String,
    retryable: Bool = true,
    policy: RetryPolicy = .defaults,
    retryAfter: Duration? = nil,
    now: Date = Date(),
    random: Double = Double.random(in: 0..<1)
  ) async throws -> Job {
    try await writer.write { db in
      try Self.fail(job, error: error, retryable: retryable, policy: policy, retryAfter: retryAfter, in: db, now: now, random: random)
    }
  }

  /// ``fail(_:error:retryable:policy:retryAfter:now:random:)`` inside the caller's transaction
  /// (so that a dead letter's effect commits with it).
  @discardableResult
  public static func fail(
    _ job: Job,
    error: String,
    retryable: Bool,
    policy: RetryPolicy,
    retryAfter: Duration?,
    in db: Database,
    now: Date = Date(),
    random: Double = Double.random(in: 0..<1)
  ) throws -> Job {
    let now = now.storePrecision
    var current = try Self.leased(job, in: db)
    current.leaseOwner = nil
    current.leaseExpiresAt = nil
    current.updatedAt = now
    current.lastError = String(error.prefix(2000))
    if retryable && current.attempts < current.maxAttempts {
      current.state = .retrying
      // The provider's Retry-After, when longer than the backoff.
      let delay = max(policy.delay(afterAttempt: current.attempts, random: random), retryAfter ?? .zero)
      current.runAt = now.addingTimeInterval(delay.timeInterval).storePrecision
    } else {
      current.state = .dead
      current.finishedAt = now
    }
    try current.update(db)
    return current
  }

  private static func leased(_ job: Job, in db: Database) throws -> Job {
    guard let current = try Job.fetchOne(db, key: job.id) else {
      throw StoreError(code: .notFound, message: "job \(job.id) does not exist")
    }
    guard current.state == .running, current.leaseOwner == job.leaseOwner,
      current.attempts == job.attempts
    else {
      throw StoreError(
        code: .conflict,
        message: "job \(job.id) is no longer leased by \(job.leaseOwner ?? "?")"
      )
    }
    return current
  }

  // MARK: Operating

  /// Puts a dead or retrying job back to run now with a fresh set of attempts.
  /// Throws ``StoreError/Code/notFound``, or ``StoreError/Code/conflict`` for a job that is
  /// pending, running or succeeded.
  @discardableResult
  public func retry(jobID: String, now: Date = Date()) async throws -> Job {
    let now = now.storePrecision
    return try await writer.write { db in
      guard var job = try Job.fetchOne(db, key: jobID) else {
        throw StoreError(code: .notFound, message: "job \(jobID) does not exist")
      }
      guard job.state == .dead || job.state == .retrying else {
        throw StoreError(
          code: .conflict,
          message: "job \(jobID) is \(job.state.rawValue); only dead or retrying jobs can be retried"
        )
      }
      job.state = .pending
      job.attempts = 0
      job.runAt = now
      job.finishedAt = nil
      job.updatedAt = now
      try job.update(db)
      return job
    }
  }

  /// Gives up on a pending, retrying or dead job: it becomes discarded and never runs again.
  /// Throws ``StoreError/Code/notFound``, or ``StoreError/Code/conflict`` for a running or
  /// finished job.
  @discardableResult
  public func discard(jobID: String, now: Date = Date()) async throws -> Job {
    let now = now.storePrecision
    return try await writer.write { db in
      guard var job = try Job.fetchOne(db, key: jobID) else {
        throw StoreError(code: .notFound, message: "job \(jobID) does not exist")
      }
      guard [.pending, .retrying, .dead].contains(job.state) else {
        throw StoreError(
          code: .conflict,
          message: "job \(jobID) is \(job.state.rawValue); only pending, retrying or dead jobs can be discarded"
        )
      }
      job.state = .discarded
      job.finishedAt = now
      job.updatedAt = now
      try job.update(db)
      return job
    }
  }

  /// Pauses or resumes `queue` (its workers stop or start leasing).
  public func setPaused(_ paused: Bool, queue: String, now: Date = Date()) async throws {
    let now = now.storePrecision.millisecondsSince1970
    try await writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO job_queues (queue, paused, updated_at) VALUES (?, ?, ?)
          ON CONFLICT (queue) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
          """,
        arguments: [queue, paused, now]
      )
    }
  }

  /// The queues that are paused now.
  public func pausedQueues() async throws -> Set<String> {
    try await writer.read { db in Set(try String.fetchAll(db, sql: "SELECT queue FROM job_queues WHERE paused")) }
  }

  /// Makes every waiting job of `queue` (every queue when `nil`) due now; with `includeDead`,
  /// dead jobs get a fresh set of attempts too. Returns how many jobs were changed.
  @discardableResult
  public func flush(queue: String?, includeDead: Bool, now: Date = Date()) async throws -> Int {
    let now = now.storePrecision
    return try await writer.write { db in
      let queueFilter = queue == nil ? "" : " AND queue = :queue"
      var arguments: StatementArguments = ["now": now.millisecondsSince1970]
      if let queue { arguments += ["queue": queue] }
      try db.execute(
        sql: """
          UPDATE jobs SET run_at = :now, updated_at = :now
          WHERE state IN ('pending', 'retrying') AND run_at > :now\(queueFilter)
          """,
        arguments: arguments
      )
      var changed = db.changesCount
      if includeDead {
        try db.execute(
          sql: """
            UPDATE jobs SET state = 'pending', attempts = 0, run_at = :now, updated_at = :now,
              finished_at = NULL
            WHERE state = 'dead'\(queueFilter)
            """,
          arguments: arguments
        )
        changed += db.changesCount
      }
      return changed
    }
  }

  /// Removes up to `limit` succeeded and discarded jobs that finished before `before`, and
  /// provider events processed before it; returns how many jobs went. The history's retention
  /// (`jobs.retentionDays`): what was done stays visible that long, and the table stays small.
  @discardableResult
  public func prune(finishedBefore before: Date, limit: Int = 10_000) async throws -> Int {
    let cutoff = before.millisecondsSince1970
    return try await writer.write { db in
      try db.execute(
        sql: """
          DELETE FROM jobs WHERE id IN (
            SELECT id FROM jobs WHERE state IN ('succeeded', 'discarded') AND finished_at < ? LIMIT ?)
          """,
        arguments: [cutoff, limit]
      )
      let removed = db.changesCount
      try db.execute(
        sql: """
          DELETE FROM webhook_events WHERE (provider, event_id) IN (
            SELECT provider, event_id FROM webhook_events WHERE processed_at IS NOT NULL AND processed_at < ? LIMIT ?)
          """,
        arguments: [cutoff, limit]
      )
      return removed
    }
  }

  // MARK: Reading

  /// The job with this id, or `nil`.
  public func job(id: String) async throws -> Job? {
    try await writer.read { db in try Job.fetchOne(db, key: id) }
  }

  /// Jobs, oldest first, filtered by queue, states and resource; `after` is the last id of the
  /// previous page.
  public func list(
    queue: String? = nil,
    states: Set<JobState> = [],
    resourceID: String? = nil,
    after: String? = nil,
    limit: Int = 50
  ) async throws -> [Job] {
    try await writer.read { db in
      var request = Job.all()
      if let queue { request = request.filter(Column("queue") == queue) }
      if !states.isEmpty { request = request.filter(states.map(\.rawValue).contains(Column("state"))) }
      if let resourceID { request = request.filter(Column("resource_id") == resourceID) }
      if let after { request = request.filter(Column("id") > after) }
      return try request.order(Column("id")).limit(max(0, limit)).fetchAll(db)
    }
  }

  /// Unfinished jobs per queue and state, and when the oldest waiting job was created: what
  /// `/metrics` reads on every scrape. Only unfinished jobs are read (index `jobs_open`), so
  /// the cost does not grow with the history of succeeded jobs.
  public func depths() async throws -> [QueueStats] {
    try await writer.read { db in try Self.openStats(db).values.sorted { $0.queue < $1.queue } }
  }

  /// Every queue's numbers (the `known` queues even before their first job); `succeededSince`
  /// bounds the succeeded count (e.g. the last 24 h). Each number is an index range (indexes
  /// `jobs_finished` and `jobs_failed`), so the cost does not grow with the history of jobs.
  public func stats(succeededSince: Date? = nil, known: [String] = []) async throws -> [QueueStats] {
    try await writer.read { db in
      var byQueue = try Self.openStats(db)
      // The queues there are: a skip through the (queue, …) index, one step per queue.
      var queues = Set(known).union(byQueue.keys)
      var next = try String.fetchOne(db, sql: "SELECT MIN(queue) FROM jobs")
      while let queue = next {
        queues.insert(queue)
        next = try String.fetchOne(db.cachedStatement(sql: "SELECT MIN(queue) FROM jobs WHERE queue > ?"), arguments: [queue])
      }
      for queue in queues {
        var stats = byQueue[queue, default: QueueStats(queue: queue)]
        stats.counts[.succeeded] = try Int.fetchOne(
          db.cachedStatement(sql: "SELECT COUNT(*) FROM jobs WHERE queue = ? AND state = 'succeeded' AND finished_at >= ?"),
          arguments: [queue, succeededSince?.millisecondsSince1970 ?? 0]
        ) ?? 0
        let lastSuccess = try Int64.fetchOne(
          db.cachedStatement(sql: "SELECT MAX(finished_at) FROM jobs WHERE queue = ? AND state = 'succeeded'"), arguments: [queue]
        )
        stats.lastSuccessAt = lastSuccess.map(Date.init(millisecondsSince1970:))
        if let row = try Row.fetchOne(
          db.cachedStatement(sql: "SELECT updated_at, last_error FROM jobs WHERE queue = ? AND last_error <> '' ORDER BY updated_at DESC LIMIT 1"),
          arguments: [queue]
        ) {
          stats.lastFailureAt = Date(millisecondsSince1970: row[0])
          stats.lastError = row[1]
        }
        byQueue[queue] = stats
      }
      return byQueue.values.sorted { $0.queue < $1.queue }
    }
  }

  /// Counts of unfinished jobs and the oldest waiting job, per queue.
  private static func openStats(_ db: Database) throws -> [String: QueueStats] {
    var byQueue: [String: QueueStats] = [:]
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT queue, state, COUNT(*) AS count, MIN(created_at) AS oldest FROM jobs
        WHERE state NOT IN ('succeeded', 'discarded')
        GROUP BY queue, state
        """
    )
    for row in rows {
      let queue: String = row["queue"]
      guard let state = JobState(rawValue: row["state"]) else { continue }
      var stats = byQueue[queue, default: QueueStats(queue: queue)]
      stats.counts[state] = row["count"]
      if state == .pending || state == .retrying {
        let oldest = Date(millisecondsSince1970: row["oldest"])
        stats.oldestWaitingSince = min(stats.oldestWaitingSince ?? oldest, oldest)
      }
      byQueue[queue] = stats
    }
    return byQueue
  }
}

extension Date {
  /// Milliseconds since the Unix epoch: how the store keeps time.
  public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

  /// The date `milliseconds` after the Unix epoch.
  public init(millisecondsSince1970 milliseconds: Int64) {
    self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  /// This date at the store's precision, so that a value written and read back compares equal.
  var storePrecision: Date { Date(millisecondsSince1970: millisecondsSince1970) }
}
