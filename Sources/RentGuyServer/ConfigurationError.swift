/// A configuration value that cannot be used; the server does not start with it.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The configuration key, e.g. "grpc.port".
  public var key: String
  /// What is wrong with its value.
  public var message: String

  /// Creates an error about `key`.
  public init(key: String, message: String) {
    self.key = key
    self.message = message
  }

  public var description: String { "configuration \(key): \(message)" }
}
