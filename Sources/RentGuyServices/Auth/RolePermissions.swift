import RentGuyProto

/// What each role grants. The built-in roles are defined here, over the permissions the contract
/// declares (`RPCAccessRules`), so a permission added to the contract reaches them at once; custom
/// roles carry their own list in the store.
public enum RolePermissions {
  /// The built-in role ids.
  public static let builtinRoleIDs = ["admin", "planner", "warehouse", "crew", "finance", "website"]

  /// Every permission the contract names.
  public static let all = Set(RPCAccessRules.permissions.map(\.name))

  /// The permissions of a built-in role; `nil` for a custom role.
  public static func builtin(_ roleID: String) -> Set<String>? {
    switch roleID {
    case "admin":
      return Self.all
    case "planner":
      return Self.matching(["booking.", "payment.payments.read", "warehouse.stock.read", "identity.users.read"])
    case "warehouse":
      return Self.matching(["warehouse.", "booking.bookings.read", "booking.catalog.read"])
    case "crew":
      // Crew work through self-service RPCs only (own profile, sessions and assignments).
      return []
    case "finance":
      return Self.matching(["payment.", "export.", "jobs.", "booking.bookings.read", "booking.customers.read", "booking.invoices."])
    case "website":
      // A marketing or partner site's API key: submit leads, see availability as levels.
      return ["booking.leads.submit", "booking.availability.public"]
    default:
      return nil
    }
  }

  /// The union of the permissions of `roleIDs`; `custom` holds the stored lists of custom roles.
  public static func effective(roleIDs: [String], custom: [String: [String]]) -> Set<String> {
    var permissions = Set<String>()
    for role in roleIDs {
      if let builtin = Self.builtin(role) {
        permissions.formUnion(builtin)
      } else if let list = custom[role] {
        permissions.formUnion(list.filter(Self.all.contains))
      }
    }
    return permissions
  }

  private static func matching(_ prefixes: [String]) -> Set<String> {
    Self.all.filter { name in prefixes.contains { name == $0 || ($0.hasSuffix(".") && name.hasPrefix($0)) } }
  }
}
