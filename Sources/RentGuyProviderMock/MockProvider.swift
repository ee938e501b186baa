/// The providers whose HTTP APIs the mock speaks (Moneybird and Exact: faults and the request log
/// only, until their routes exist).
enum MockProvider: String, Sendable, CaseIterable, Hashable {
  case stripe
  case mollie
  case moneybird
  case exact
}
