import RentGuyStore

/// The provider contact of each RentGuy customer: remembered in the store, found or created once
/// (documents of one customer sent at the same time wait for the first to find the contact,
/// instead of each creating one).
actor ContactDirectory {
  private let repository: any IntegrationRepository
  private var inFlight: [String: Task<String, any Error>] = [:]

  init(repository: any IntegrationRepository) {
    self.repository = repository
  }

  func contact(
    provider: Int, customer: AccountingCustomer, resolve: @escaping @Sendable (AccountingCustomer) async throws -> String
  ) async throws -> String {
    let key = "\(provider)/\(customer.id)"
    if let running = self.inFlight[key] { return try await running.value }
    let repository = self.repository
    let task = Task<String, any Error> {
      if let known = try await repository.read({ db in try db.accountingContact(provider: provider, customerID: customer.id) }) { return known }
      let found = try await resolve(customer)
      try await repository.write { db in try db.setAccountingContact(provider: provider, customerID: customer.id, contactID: found) }
      return found
    }
    self.inFlight[key] = task
    defer { self.inFlight[key] = nil }
    return try await task.value
  }
}
