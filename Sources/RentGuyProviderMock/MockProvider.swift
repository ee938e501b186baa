/// The providers whose HTTP APIs the mock speaks.
enum MockProvider: String, Sendable, CaseIterable, Hashable {
  case stripe
  case mollie
  case moneybird
  case exact
}
