import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyStore
import SwiftProtobuf

/// Roles and the permissions the contract names.
extension IdentityService {
  public func listRoles(
    request: Rentguy_Identity_V1_ListRolesRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListRolesResponse {
    var response = Rentguy_Identity_V1_ListRolesResponse()
    response.roles = try await self.repository.listRoles().map { stored in
      var role = Rentguy_Identity_V1_Role()
      role.id = stored.id
      role.name = stored.name
      role.description_p = stored.description
      role.builtin = stored.builtin
      role.permissions = (RolePermissions.builtin(stored.id).map { Array($0) } ?? stored.permissions).sorted()
      return role
    }
    return response
  }

  public func createRole(
    request: Rentguy_Identity_V1_CreateRoleRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_CreateRoleResponse {
    let name = request.name.trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty, name.count <= 100 else { throw IdentityError.invalidArgument("name", "must have 1 to 100 characters") }
    let permissions = try self.validatedPermissions(request.permissions)
    let id = Identifier.make("rol")
    var response = Rentguy_Identity_V1_CreateRoleResponse()
    response.role.id = id
    response.role.name = name
    response.role.description_p = request.description_p
    response.role.permissions = permissions
    IdempotencyClaim.current?.prepareResponse(Data(try response.serializedBytes() as [UInt8]))
    do {
      try await self.repository.createRole(
        id: id, name: name, description: request.description_p, permissions: permissions,
        audit: Self.audit("CreateRole", resource: id, summary: "role '\(name)': \(permissions.joined(separator: ", "))", context)
      )
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.alreadyExists, "name: \(error.message)")
    }
    return response
  }

  public func updateRole(
    request: Rentguy_Identity_V1_UpdateRoleRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_UpdateRoleResponse {
    guard !request.roleID.isEmpty else { throw IdentityError.invalidArgument("role_id", "must not be empty") }
    let permissions = try self.validatedPermissions(request.permissions)
    do {
      guard
        let role = try await self.repository.updateRole(
          id: request.roleID, description: request.description_p.isEmpty ? nil : request.description_p,
          permissions: permissions,
          audit: Self.audit("UpdateRole", resource: request.roleID, summary: permissions.joined(separator: ", "), context)
        )
      else { throw IdentityError(.notFound, "no role '\(request.roleID)'") }
      var response = Rentguy_Identity_V1_UpdateRoleResponse()
      response.role.id = request.roleID
      response.role.name = role.name
      response.role.description_p = role.description
      response.role.permissions = permissions
      return response
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.failedPrecondition, "role_id: \(error.message)", reason: .stateConflict)
    }
  }

  public func deleteRole(
    request: Rentguy_Identity_V1_DeleteRoleRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_DeleteRoleResponse {
    guard !request.roleID.isEmpty else { throw IdentityError.invalidArgument("role_id", "must not be empty") }
    do {
      let deleted = try await self.repository.deleteRole(
        id: request.roleID,
        audit: Self.audit("DeleteRole", resource: request.roleID, summary: "deleted", context)
      )
      guard deleted else { throw IdentityError(.notFound, "no role '\(request.roleID)'") }
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.failedPrecondition, "role_id: \(error.message)", reason: .stateConflict)
    }
    return Rentguy_Identity_V1_DeleteRoleResponse()
  }

  public func listPermissions(
    request: Rentguy_Identity_V1_ListPermissionsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListPermissionsResponse {
    var response = Rentguy_Identity_V1_ListPermissionsResponse()
    response.permissions = RPCAccessRules.permissions.map { permission in
      var value = Rentguy_Identity_V1_Permission()
      value.name = permission.name
      value.description_p = permission.description
      return value
    }
    return response
  }

  func validatedPermissions(_ permissions: [String]) throws -> [String] {
    for (index, permission) in permissions.enumerated() where !RolePermissions.all.contains(permission) {
      throw IdentityError.invalidArgument("permissions[\(index)]", "'\(permission)' is not a permission (see ListPermissions)")
    }
    return Array(Set(permissions)).sorted()
  }
}
