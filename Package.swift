// swift-tools-version:6.2
import PackageDescription

// Every target of ours builds warning-free: a warning fails the build (locally and in CI).
let swiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .treatAllWarnings(as: .error),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "rentguy-core",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "RentGuyTransport", targets: ["RentGuyTransport"]),
    .library(name: "RentGuyInterop", targets: ["RentGuyInterop"]),
    .library(name: "RentGuyProto", targets: ["RentGuyProto"]),
    .library(name: "RentGuyStore", targets: ["RentGuyStore"]),
    .library(name: "RentGuyClient", targets: ["RentGuyClient"]),
    .library(name: "RentGuyServices", targets: ["RentGuyServices"]),
    .library(name: "RentGuyProviders", targets: ["RentGuyProviders"]),
    .executable(name: "rentguy-server", targets: ["rentguy-server"]),
    .executable(name: "rentguy", targets: ["rentguy"]),
    .executable(name: "rentguy-provider-mock", targets: ["rentguy-provider-mock"]),
    .executable(name: "rentguy-interop-server", targets: ["rentguy-interop-server"]),
    .executable(name: "rentguy-interop-client", targets: ["rentguy-interop-client"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
    .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
  ],
  targets: [
    // System libraries: a module map and a shim header each (static inline wrappers for macros).
    .systemLibrary(
      name: "CNGHTTP2",
      pkgConfig: "libnghttp2",
      providers: [.apt(["libnghttp2-dev"])]
    ),
    .systemLibrary(
      name: "COpenSSL",
      pkgConfig: "openssl",
      providers: [.apt(["libssl-dev"])]
    ),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .systemLibrary(
      name: "CArgon2",
      pkgConfig: "libargon2",
      providers: [.apt(["libargon2-dev"])]
    ),

    // gRPC over HTTP/2: GRPCCore transports on libnghttp2 inside SwiftNIO.
    .target(
      name: "RentGuyTransport",
      dependencies: [
        "CNGHTTP2",
        "COpenSSL",
        "CZlib",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),

    // The standard interop service grpc.testing.TestService (generated code + implementation).
    .target(
      name: "RentGuyInterop",
      dependencies: [
        "RentGuyTransport",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "rentguy-interop-server",
      dependencies: [
        "RentGuyInterop",
        "RentGuyTransport",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "rentguy-interop-client",
      dependencies: [
        "RentGuyInterop",
        "RentGuyTransport",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),

    // The contract: swift-protobuf messages and GRPCCore stubs generated from proto/ (never edited).
    .target(
      name: "RentGuyProto",
      dependencies: [
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),

    // All server state: GRDB over the system libsqlite3 (WAL), migrations, the durable job queue.
    .target(
      name: "RentGuyStore",
      dependencies: [
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRDB", package: "GRDB.swift"),
        // SQLite's C API, for the statements the scan stream runs many thousand times a second.
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: swiftSettings
    ),

    // Business rules without I/O: money and VAT, billable days, state machines, availability.
    .target(name: "RentGuyRules", swiftSettings: swiftSettings),
    .testTarget(name: "RentGuyRulesTests", dependencies: ["RentGuyRules"], swiftSettings: swiftSettings),
    .testTarget(
      name: "RentGuyProvidersTests",
      dependencies: ["RentGuyProviders", "RentGuyRules", .product(name: "Crypto", package: "swift-crypto")],
      swiftSettings: swiftSettings
    ),

    // The providers' HTTP APIs (Stripe, Mollie; Moneybird, Exact Online within their rate limits)
    // on AsyncHTTPClient, and webhook signatures (Stripe-Signature in, Standard Webhooks out).
    .target(
      name: "RentGuyProviders",
      dependencies: [
        "RentGuyRules",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOFoundationCompat", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),

    // rentguy-provider-mock: enough of the Stripe, Mollie, Moneybird and Exact HTTP APIs for
    // development and tests, with webhooks back and fault simulation. Also runs in-process.
    .target(
      name: "RentGuyProviderMock",
      dependencies: [
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOFoundationCompat", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "rentguy-provider-mock",
      dependencies: [
        "RentGuyProviderMock",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),

    // RPC services and interceptors: authentication and access, identity, health, metrics.
    .target(
      name: "RentGuyServices",
      dependencies: [
        "CArgon2",
        "RentGuyProto",
        "RentGuyRules",
        "RentGuyProviders",
        "RentGuyStore",
        "RentGuyTransport",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),

    // The REST/JSON shim: /healthz, /readyz, /metrics (and the provider webhooks later).
    .target(
      name: "RentGuyHTTP",
      dependencies: [
        "RentGuyProto",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // Composition root: configuration and the ServiceGroup that runs every part.
    .target(
      name: "RentGuyServer",
      dependencies: [
        "RentGuyTransport",
        "RentGuyProto",
        "RentGuyRules",
        "RentGuyStore",
        "RentGuyServices",
        "RentGuyHTTP",
        "RentGuyProviders",
        "RentGuyProviderMock",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
        .product(name: "Configuration", package: "swift-configuration"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "SystemPackage", package: "swift-system"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "rentguy-server",
      dependencies: [
        "RentGuyServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Configuration", package: "swift-configuration"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // The Swift client library and the ops CLI on top of it.
    .target(
      name: "RentGuyClient",
      dependencies: [
        "RentGuyTransport",
        "RentGuyProto",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "rentguy",
      dependencies: [
        "RentGuyClient",
        "RentGuyProto",
        "RentGuyRules",
        "RentGuyTransport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),

    // Running programs from end-to-end tests (the servers, the Python peers, promtool).
    .target(
      name: "RentGuyTestSupport",
      path: "Tests/RentGuyTestSupport",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "RentGuyTransportTests",
      dependencies: [
        "RentGuyTestSupport",
        "RentGuyTransport",
        "RentGuyInterop",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "RentGuyStoreTests",
      dependencies: [
        "RentGuyStore",
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "RentGuyServicesTests",
      dependencies: [
        "RentGuyProviders",
        .product(name: "Logging", package: "swift-log"),
        "RentGuyServices",
        "RentGuyStore",
        "RentGuyClient",
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "NIOCore", package: "swift-nio"),
        "RentGuyProto",
        "RentGuyTransport",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "RentGuyClientTests",
      dependencies: [
        "RentGuyClient",
        "RentGuyProto",
        "RentGuyTransport",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "RentGuyServerTests",
      dependencies: [
        "RentGuyTestSupport",
        "RentGuyServer",
        "RentGuyStore",
        .product(name: "Configuration", package: "swift-configuration"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
  ]
)
