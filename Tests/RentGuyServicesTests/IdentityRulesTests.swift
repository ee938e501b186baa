import Foundation
import RentGuyProto
import Testing

@testable import RentGuyServices

@Suite("identity rules without I/O")
struct IdentityRulesTests {
  @Test("admin has every permission the contract names; crew none; each built-in role stays within the contract")
  func builtinRoles() {
    #expect(RolePermissions.builtin("admin") == RolePermissions.all)
    #expect(RolePermissions.builtin("crew") == [])
    for role in RolePermissions.builtinRoleIDs {
      #expect(RolePermissions.builtin(role)?.isSubset(of: RolePermissions.all) == true, "\(role)")
    }
    #expect(RolePermissions.builtin("planner")?.contains("booking.bookings.confirm") == true)
    #expect(RolePermissions.builtin("warehouse")?.contains("warehouse.scans.write") == true)
    #expect(RolePermissions.builtin("finance")?.contains("payment.refunds.write") == true)
    #expect(RolePermissions.builtin("finance")?.contains("identity.users.write") == false)
    #expect(RolePermissions.builtin("rol_custom") == nil)
  }

  @Test("custom roles grant only permissions the contract knows")
  func customRoles() {
    let effective = RolePermissions.effective(
      roleIDs: ["crew", "rol_x"],
      custom: ["rol_x": ["booking.bookings.read", "made.up.permission"]]
    )
    #expect(effective == ["booking.bookings.read"])
  }

  @Test("sign-in throttling stops an e-mail after its failures and lets it try once the window moves on")
  func throttle() {
    var config = LoginThrottle.Config()
    config.perEmail = 3
    config.window = .seconds(60)
    let throttle = LoginThrottle(config: config)
    let start = ContinuousClock.now
    for offset in 0..<3 {
      #expect(throttle.delay(email: "A@x", address: "1", now: start + .seconds(offset)) == nil)
      throttle.recordFailure(email: "a@x", address: "1", now: start + .seconds(offset))
    }
    #expect(throttle.delay(email: "a@x", address: "2", now: start + .seconds(3)) == .seconds(57))
    #expect(throttle.delay(email: "b@x", address: "1", now: start + .seconds(3)) == nil)
    #expect(throttle.delay(email: "a@x", address: "1", now: start + .seconds(61)) == nil)
    throttle.recordSuccess(email: "a@x")
    #expect(throttle.delay(email: "a@x", address: "1", now: start + .seconds(4)) == nil)
  }

  @Test("Argon2id hashes verify, other passwords and a missing hash do not")
  func passwords() async throws {
    let hasher = try PasswordHasher(parameters: .testing)
    let hash = try await hasher.hash("correct horse battery")
    #expect(hash.hasPrefix("$argon2id$v=19$"))
    #expect(await hasher.verify("correct horse battery", against: hash))
    #expect(!(await hasher.verify("correct horse batterx", against: hash)))
    #expect(!(await hasher.verify("correct horse battery", against: nil)))
    let check7 = try await hasher.hash("same") != (try await hasher.hash("same"))
    #expect(check7, "a new salt every time")
  }

  @Test("the defaults are one of OWASP's five equivalent Argon2id settings")
  func owaspParameters() {
    let parameters = PasswordHasher.Parameters()
    let owasp: [(memoryKiB: UInt32, iterations: UInt32)] = [(47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5)]
    #expect(owasp.contains { $0 == (parameters.memoryKiB, parameters.iterations) })
    #expect(parameters.parallelism == 1)
  }

  @Test("error reasons are the contract's value names without their prefix")
  func reasonNames() {
    #expect(IdentityError.name(of: .versionMismatch) == "VERSION_MISMATCH")
    #expect(IdentityError.name(of: .idempotencyKeyInUse) == "IDEMPOTENCY_KEY_IN_USE")
    #expect(IdentityError.name(of: .refreshTokenReused) == "REFRESH_TOKEN_REUSED")
  }

  @Test("throttling counts per host: the source port of each connection is not part of the key")
  func throttleHosts() {
    #expect(LoginThrottle.host(of: "ipv4:10.0.0.1:51234") == "10.0.0.1")
    #expect(LoginThrottle.host(of: "ipv6:[::1]:5") == "::1")
    #expect(LoginThrottle.host(of: "unix:/tmp/socket") == "unix:/tmp/socket")
  }
}

@Suite("idempotency key filter")
struct IdempotencyKeyFilterTests {
  @Test("every inserted key may be contained; most others are not")
  func noFalseNegatives() {
    let filter = IdempotencyKeyFilter(log2Bits: 16)
    let keys = (0..<2000).map { "usr_1|svc/M|key-\($0)" }
    for key in keys { filter.insert(key) }
    #expect(keys.allSatisfy(filter.mayContain))
    let strangers = (0..<2000).filter { filter.mayContain("usr_2|svc/M|other-\($0)") }.count
    #expect(strangers < 200, "\(strangers) false positives in 2000")
  }
}
