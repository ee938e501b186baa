import ArgumentParser
import Logging
import RentGuyProviderMock
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the provider mock (Stripe, Mollie, Moneybird, Exact Online) until SIGINT or SIGTERM.
@main
struct ProviderMockCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rentguy-provider-mock",
    abstract: "Serves enough of the Stripe, Mollie, Moneybird and Exact Online HTTP APIs for RentGuy's development and tests.",
    discussion: "Prints 'provider mock listening on HOST:PORT' once it accepts connections. See docs/provider-mock.md."
  )

  @Option(help: "Address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "Port to listen on (0 picks a free port).")
  var port = 12111

  @Option(name: .customLong("stripe-webhook-url"), help: "Where Stripe events are POSTed (RentGuy's /webhooks/stripe).")
  var stripeWebhookURL: String?

  @Option(name: .customLong("stripe-webhook-secret"), help: "The endpoint secret Stripe events are signed with.")
  var stripeWebhookSecret = "whsec_mock"

  @Option(name: .customLong("timeout-delay-seconds"), help: "How long requests armed with a timeout fault hang before 504.")
  var timeoutDelaySeconds: Double = 30

  @Flag(name: .customLong("no-rate-limits"), help: "Start with Moneybird's and Exact's rate limits off (POST /mock/ratelimits switches them).")
  var noRateLimits = false

  @Option(name: .customLong("exact-access-token-seconds"), help: "How long Exact access tokens live.")
  var exactAccessTokenSeconds = 600

  @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
  var logLevel = "info"

  func validate() throws {
    guard Logger.Level(rawValue: self.logLevel) != nil else {
      throw ValidationError("unknown log level '\(self.logLevel)'")
    }
    guard (0...65535).contains(self.port) else {
      throw ValidationError("--port must be between 0 and 65535")
    }
    guard self.timeoutDelaySeconds >= 0, self.timeoutDelaySeconds <= 3600 else {
      throw ValidationError("--timeout-delay-seconds must be between 0 and 3600")
    }
    guard (1...86_400).contains(self.exactAccessTokenSeconds) else {
      throw ValidationError("--exact-access-token-seconds must be between 1 and 86400")
    }
  }

  func run() async throws {
    // Logs go to stderr; stdout carries only the "listening" line scripts wait for.
    LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    var mutableLogger = Logger(label: "rentguy.provider-mock")
    mutableLogger.logLevel = Logger.Level(rawValue: self.logLevel) ?? .info
    let logger = mutableLogger

    var configuration = ProviderMockConfiguration()
    configuration.host = self.host
    configuration.port = self.port
    configuration.stripeWebhookURL = self.stripeWebhookURL
    configuration.stripeWebhookSecret = self.stripeWebhookSecret
    configuration.timeoutDelay = .milliseconds(Int(self.timeoutDelaySeconds * 1000))
    configuration.moneybirdRateLimitEnabled = !self.noRateLimits
    configuration.exactRateLimitEnabled = !self.noRateLimits
    configuration.exactAccessTokenSeconds = self.exactAccessTokenSeconds
    let mock = ProviderMock(configuration: configuration, logger: logger)

    let host = self.host
    let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await mock.run { port in
          print("provider mock listening on \(host):\(port)")
          fflush(nil)
        }
      }
      group.addTask {
        for await signal in signals {
          logger.info("stopping", metadata: ["signal": "\(signal)"])
          return
        }
      }
      // Whichever ends first (a signal, or the server failing) stops the other.
      _ = try await group.next()
      group.cancelAll()
      try await group.waitForAll()
    }
  }
}
