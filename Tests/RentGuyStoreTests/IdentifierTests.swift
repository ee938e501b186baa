import Foundation
import RentGuyStore
import Testing

@Suite("Identifier")
struct IdentifierTests {
  @Test("ids carry their prefix and 26 Crockford base32 digits")
  func idsHaveThePrefixAndLength() {
    let id = Identifier.make("bkg")
    #expect(id.hasPrefix("bkg_"))
    #expect(id.count == 4 + 26)
    let digits = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    #expect(id.dropFirst(4).allSatisfy { digits.contains($0) })
  }

  @Test("ids made later sort after ids made earlier")
  func idsSortByTime() {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let ids = (0..<100).map { Identifier.make("job", at: start.addingTimeInterval(Double($0) * 0.001)) }
    #expect(ids == ids.sorted())
    #expect(Set(ids).count == ids.count)
  }
}
