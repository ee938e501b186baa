/// How the store opens its SQLite database.
public struct StoreConfiguration: Sendable, Hashable {
  /// Where the database lives.
  public enum Location: Sendable, Hashable, CustomStringConvertible {
    /// A file (created if missing), opened in WAL mode with a pool of readers.
    case file(path: String)
    /// A private in-memory database, for tests and tools. Gone when the store is released.
    case inMemory

    public var description: String {
      switch self {
      case .file(let path): "'\(path)'"
      case .inMemory: "in memory"
      }
    }
  }

  /// Where the database lives. Default: `rentguy.sqlite` in the working directory.
  public var location: Location
  /// How long a write waits for a lock held by another process before it fails. Default: 5 s.
  public var busyTimeout: Duration
  /// The most concurrent readers of a file database. Default: 8.
  public var maximumReaderCount: Int
  /// Page cache per connection, in KiB (SQLite's default is 2 MiB).
  public var pageCacheKiB = 16 * 1024
  /// How much of the file is memory-mapped for reads (0: none).
  public var memoryMappedBytes = 1 << 30

  /// The embedded defaults.
  public static var defaults: Self {
    Self(location: .file(path: "rentguy.sqlite"), busyTimeout: .seconds(5), maximumReaderCount: 8)
  }

  /// The defaults, changed by `configure`.
  public static func defaults(configure: (inout Self) -> Void) -> Self {
    var configuration = Self.defaults
    configure(&configuration)
    return configuration
  }

  /// Creates a configuration.
  public init(location: Location, busyTimeout: Duration, maximumReaderCount: Int) {
    self.location = location
    self.busyTimeout = busyTimeout
    self.maximumReaderCount = maximumReaderCount
  }
}
