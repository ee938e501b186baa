import Testing

@testable import RentGuyRules

@Suite("availability levels")
struct AvailabilityLevelTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var free: Int
    var requested: Int
    var total: Int
    var level: AvailabilityLevel
    var testDescription: String { "\(self.requested) of \(self.free) free out of \(self.total) is \(self.level)" }
  }

  @Test(
    "fewer free than requested is not available; a margin below max(2, ceil(total / 10)) is limited",
    arguments: [
      Case(free: 0, requested: 1, total: 10, level: .notAvailable),
      Case(free: 4, requested: 5, total: 10, level: .notAvailable),
      Case(free: -2, requested: 1, total: 10, level: .notAvailable),
      Case(free: 1, requested: 1, total: 10, level: .limited),  // 0 left, margin 2
      Case(free: 2, requested: 1, total: 10, level: .limited),  // 1 left
      Case(free: 3, requested: 1, total: 10, level: .available),  // 2 left
      Case(free: 9, requested: 5, total: 45, level: .limited),  // 4 left, margin ceil(4.5) = 5
      Case(free: 10, requested: 5, total: 45, level: .available),  // 5 left
      Case(free: 100, requested: 90, total: 101, level: .limited),  // 10 left, margin ceil(10.1) = 11
      Case(free: 101, requested: 90, total: 101, level: .available),  // 11 left
      Case(free: 0, requested: 0, total: 0, level: .limited),
    ])
  func classify(example: Case) {
    #expect(AvailabilityLevel.classify(free: example.free, requested: example.requested, total: example.total) == example.level)
  }
}
