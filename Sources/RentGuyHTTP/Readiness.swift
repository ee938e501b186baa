/// Whether the server can take traffic, and if not, why.
public struct Readiness: Sendable, Hashable {
  /// What keeps the server from being ready; empty when it is.
  public var problems: [String]

  /// Ready when `problems` is empty.
  public init(problems: [String]) {
    self.problems = problems
  }

  /// Whether the server can take traffic.
  public var isReady: Bool { problems.isEmpty }
}
