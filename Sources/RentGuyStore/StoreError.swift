/// An error from the store.
///
/// Callers match on ``code``; the RPC and HTTP boundaries map each code to a status once.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong, as a value that can grow new cases without breaking callers.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Value: Hashable, Sendable {
      case cannotOpen
      case schemaTooNew
      case notFound
      case conflict
      case invalidArgument
      case versionMismatch
    }

    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// The database file could not be opened or migrated.
    public static let cannotOpen = Code(.cannotOpen)
    /// The database was written by a newer server (it has migrations this build doesn't know).
    public static let schemaTooNew = Code(.schemaTooNew)
    /// The record does not exist.
    public static let notFound = Code(.notFound)
    /// The record is not in a state that allows the change (e.g. a lease was lost).
    public static let conflict = Code(.conflict)
    /// The caller passed a value the store cannot take.
    public static let invalidArgument = Code(.invalidArgument)
    /// The record's version is not the one the caller expected (a concurrent change won).
    public static let versionMismatch = Code(.versionMismatch)

    public var description: String { String(describing: value) }
  }

  /// What went wrong.
  public var code: Code
  /// A message for people, naming the record or value concerned.
  public var message: String
  /// The underlying error, if any.
  public var cause: (any Error)?

  /// Creates an error.
  public init(code: Code, message: String, cause: (any Error)? = nil) {
    self.code = code
    self.message = message
    self.cause = cause
  }

  public var description: String {
    if let cause { return "\(code): \(message) (\(cause))" }
    return "\(code): \(message)"
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.code == rhs.code && lhs.message == rhs.message
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(code)
    hasher.combine(message)
  }
}
