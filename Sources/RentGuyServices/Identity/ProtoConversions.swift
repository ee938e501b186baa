import Foundation
import RentGuyProto
import RentGuyStore
import SwiftProtobuf

extension Rentguy_Identity_V1_User {
  init(_ user: StoredUser) {
    self.init()
    self.id = user.id
    self.email = user.email
    self.displayName = user.displayName
    self.phone = user.phone
    self.roleIds = user.roleIDs
    self.active = user.active
    self.createdAt = Google_Protobuf_Timestamp(date: user.createdAt)
    self.updatedAt = Google_Protobuf_Timestamp(date: user.updatedAt)
    if let lastLogin = user.lastLoginAt { self.lastLoginAt = Google_Protobuf_Timestamp(date: lastLogin) }
    self.version = user.version
  }
}
