public import GRDB

/// Where a job is in its life.
public enum JobState: String, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
  /// Waiting until its `runAt`.
  case pending
  /// Leased by a worker until `leaseExpiresAt`.
  case running
  /// Failed at least once; waiting for its next attempt at `runAt`.
  case retrying
  /// Done.
  case succeeded
  /// Failed its last attempt (or failed permanently); waits for a person.
  case dead
  /// Given up on by an operator; never runs again.
  case discarded
}
