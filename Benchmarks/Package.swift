// swift-tools-version:6.1
import PackageDescription

// Benchmarks of RentGuy's nghttp2 transports side by side with grpc-swift-nio-transport, on the
// same GRPCCore service. `./run.sh` runs the load tests and writes ../docs/performance.md;
// `swift package benchmark` runs the package-benchmark suite.
let package = Package(
  name: "rentguy-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "rentguy-core", path: ".."),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    // Already resolved through rentguy-core; named here for bench-booking (SQL and timestamps).
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
  ],
  targets: [
    .executableTarget(
      name: "bench-server",
      dependencies: [
        .product(name: "RentGuyTransport", package: "rentguy-core"),
        .product(name: "RentGuyInterop", package: "rentguy-core"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
    // Identity and access under load, in one process: login latency, the auth interceptor's cost
    // on the same RPC, and audited, idempotent, group-committed mutations.
    .executableTarget(
      name: "bench-identity",
      dependencies: [
        .product(name: "RentGuyTransport", package: "rentguy-core"),
        .product(name: "RentGuyServices", package: "rentguy-core"),
        .product(name: "RentGuyStore", package: "rentguy-core"),
        .product(name: "RentGuyProto", package: "rentguy-core"),
        .product(name: "RentGuyClient", package: "rentguy-core"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
    // Bookings on a generated data set of a large rental company (`--scenario generate`), in one
    // process: availability and timeline latency, contended confirmations checked for
    // overbooking, the event stream under that load. `./booking.sh` runs it.
    .executableTarget(
      name: "bench-booking",
      dependencies: [
        .product(name: "RentGuyTransport", package: "rentguy-core"),
        .product(name: "RentGuyServices", package: "rentguy-core"),
        .product(name: "RentGuyStore", package: "rentguy-core"),
        .product(name: "RentGuyProto", package: "rentguy-core"),
        .product(name: "RentGuyClient", package: "rentguy-core"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
    // Signed Stripe webhooks against a running rentguy-server's REST shim: `--senders` concurrent
    // senders, each event unique and signed beforehand. `./payments.sh` runs it.
    .executableTarget(
      name: "bench-webhooks",
      dependencies: [
        .product(name: "RentGuyProviders", package: "rentguy-core"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
    .executableTarget(
      name: "bench-client",
      dependencies: [
        .product(name: "RentGuyTransport", package: "rentguy-core"),
        .product(name: "RentGuyInterop", package: "rentguy-core"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
    .executableTarget(
      name: "TransportBenchmarks",
      dependencies: [
        .product(name: "RentGuyTransport", package: "rentguy-core"),
        .product(name: "RentGuyInterop", package: "rentguy-core"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/TransportBenchmarks",
      swiftSettings: [.swiftLanguageMode(.v6)],
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
  ]
)
