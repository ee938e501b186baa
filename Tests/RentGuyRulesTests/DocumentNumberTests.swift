import Testing

@testable import RentGuyRules

@Suite("document numbers")
struct DocumentNumberTests {
  @Test("numbers are the prefix, the year, a dash and the sequence padded to five digits")
  func padded() {
    #expect(DocumentNumber.format(prefix: "F", year: 2026, sequence: 42) == "F2026-00042")
    #expect(DocumentNumber.format(prefix: "RG-", year: 2026, sequence: 7) == "RG-2026-00007")
    #expect(DocumentNumber.format(prefix: "Q", year: 2027, sequence: 1, width: 3) == "Q2027-001")
    #expect(DocumentNumber.format(prefix: "", year: 2026, sequence: 0) == "2026-00000")
  }

  @Test("sequences wider than the width are not truncated")
  func wide() {
    #expect(DocumentNumber.format(prefix: "F", year: 2026, sequence: 123_456) == "F2026-123456")
    #expect(DocumentNumber.format(prefix: "F", year: 2026, sequence: 99_999) == "F2026-99999")
  }
}
