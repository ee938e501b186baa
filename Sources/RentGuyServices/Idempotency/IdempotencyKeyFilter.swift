import Synchronization

/// Which idempotency keys may exist: a Bloom filter (fixed size, no false negatives) over every
/// key this process recorded or found in the store at start. A key it has never seen needs no
/// lookup before the call runs; a key it may have seen is looked up. Single-writer assumption:
/// with several servers on one database, a key recorded by another server is not in this filter
/// (its duplicate is still refused by the store, but without a replay).
final class IdempotencyKeyFilter: Sendable {
  private let bits: Mutex<[UInt64]>
  private let mask: UInt64

  /// - Parameter log2Bits: the filter has 2^log2Bits bits (default 2^24: 2 MiB, ~1 % false
  ///   positives at 1.5 million keys).
  init(log2Bits: Int = 24) {
    self.bits = Mutex([UInt64](repeating: 0, count: (1 << log2Bits) / 64))
    self.mask = UInt64(1 << log2Bits) - 1
  }

  func insert(_ key: String) {
    let positions = self.positions(key)
    self.bits.withLock { bits in
      for position in positions { bits[Int(position >> 6)] |= 1 << (position & 63) }
    }
  }

  func mayContain(_ key: String) -> Bool {
    let positions = self.positions(key)
    return self.bits.withLock { bits in
      positions.allSatisfy { bits[Int($0 >> 6)] & (1 << ($0 & 63)) != 0 }
    }
  }

  /// Four positions from two FNV-1a hashes (double hashing), the same in every process.
  private func positions(_ key: String) -> [UInt64] {
    var first: UInt64 = 0xcbf2_9ce4_8422_2325
    var second: UInt64 = 0x8422_2325_cbf2_9ce4
    for byte in key.utf8 {
      first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
      second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 0x9e37_79b9
    }
    return (0..<4).map { ((first &+ UInt64($0) &* (second | 1)) & self.mask) }
  }
}
