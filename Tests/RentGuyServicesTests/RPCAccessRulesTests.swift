import GRPCCore
import RentGuyProto
import Testing

/// The contract's access rules, as the server reads them: every RPC of every service has one, and
/// every permission is named and described the same way.
@Suite("RPC access rules from the contract")
struct RPCAccessRulesTests {
  static let methods: [MethodDescriptor] =
    Rentguy_Identity_V1_IdentityService.Method.descriptors
    + Rentguy_Booking_V1_BookingService.Method.descriptors
    + Rentguy_Warehouse_V1_WarehouseService.Method.descriptors
    + Rentguy_Payment_V1_PaymentService.Method.descriptors
    + Rentguy_Export_V1_ExportService.Method.descriptors
    + Rentguy_Jobs_V1_JobService.Method.descriptors
    + Rentguy_Webhooks_V1_WebhookService.Method.descriptors

  @Test("every RPC of every service declares who may call it")
  func everyRPCHasARule() {
    for method in Self.methods {
      #expect(RPCAccessRules.rules["/" + method.fullyQualifiedMethod] != nil, "\(method) declares no access rule")
    }
    #expect(RPCAccessRules.rules.count == Self.methods.count, "rules for RPCs the services do not have")
  }

  @Test("only Login and Refresh are public")
  func publicRPCs() {
    let open = RPCAccessRules.rules.filter { $0.value == .public }.keys.sorted()
    #expect(open == ["/rentguy.identity.v1.IdentityService/Login", "/rentguy.identity.v1.IdentityService/Refresh"])
  }

  @Test("permissions are <service>.<resource>.<verb>, belong to their service, and each has a description")
  func permissionNames() {
    let described = Set(RPCAccessRules.permissions.map(\.name))
    for (path, rule) in RPCAccessRules.rules {
      let names: [String] =
        switch rule {
        case .permission(let name): [name]
        case .selfService(let others): others.map { [$0] } ?? []
        case .public: []
        }
      let service = path.split(separator: ".").dropFirst().first.map(String.init) ?? ""
      for name in names {
        let parts = name.split(separator: ".")
        #expect(parts.count == 3 && parts[0] == service, "\(path): \(name)")
        #expect(described.contains(name), "\(name) has no description")
      }
    }
    #expect(RPCAccessRules.permissions.allSatisfy { !$0.description.isEmpty })
  }
}
