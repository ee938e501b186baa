/// A client setting that cannot be used (an address that does not parse, say).
public struct ClientConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is wrong, naming the value.
  public var message: String

  /// An error saying `message`.
  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}
