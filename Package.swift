// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DirectDNSOnly",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dadns", targets: ["dadns"]),
        .executable(name: "dadns-bench", targets: ["dadns-bench"]),
        .library(name: "DNSZone", targets: ["DNSZone"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "DNSZone"),
        // The git commit `scripts/build-dist` builds from (a C define; see BuildInfo.c).
        .target(name: "BuildInfo"),
        .target(
            name: "DirectAdmin",
            dependencies: [
                "DNSZone", "HTTPClientKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // What every HTTP client of other hosts shares (DirectAdmin, peers, PowerDNS, the daemon's CLI).
        .target(name: "HTTPClientKit", dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // Client over MariaDB Connector/C, loaded at run time (dlopen): no build-time dependency.
        .target(name: "MariaDB"),
        // Configuration keys, their value types and a backend's stanza: what a backend needs to own its
        // keys, without the YAML loader.
        .target(name: "SettingsKit"),
        .target(
            name: "Backends",
            dependencies: [
                "DNSZone", "MariaDB", "SettingsKit", "HTTPClientKit", .product(name: "Logging", package: "swift-log"),
                // The PowerDNS backend's HTTP API client.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // The PowerDNS backend's gsqlite3_database (ordernames of pre-signed zones).
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Each backend folder's README (keys, server set-up, failure modes) is for people.
            exclude: ["Bind/README.md", "CoreDNSMySQL/README.md", "Knot/README.md", "NSD/README.md", "PowerDNS/README.md"]
        ),
        // The configuration: schema, loader (YAML, environment), typed sections, check-config's printout.
        .target(
            name: "DadnsConfiguration",
            dependencies: [
                "SettingsKit", "Backends", "Engine", "DirectAdmin", "MariaDB",
                .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Engine",
            dependencies: [
                "ZoneStore", "Backends", "DirectAdmin", "DNSZone", "SettingsKit", "HTTPClientKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ZoneStore",
            // MariaDB/: the same store on a MariaDB/MySQL database several nodes share (issue 17).
            dependencies: ["MariaDB", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The operator's queries behind one protocol: answered from the store, or asked of the daemon.
        .target(
            name: "Operator",
            dependencies: [
                "Engine", "ZoneStore", "DNSZone", "HTTPClientKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "DNSZone", "DirectAdmin", "ZoneStore", "Engine", "Operator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ]
        ),
        // The operator console under /ui/: server-rendered pages, a session login, CSRF (issue 18).
        .target(
            name: "Console",
            dependencies: [
                "Server", "Operator", "Engine", "ZoneStore", "DirectAdmin",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // `dadns doctor` and serve's pre-checks: what this user and host need to run a configuration.
        .target(
            name: "Doctor",
            dependencies: ["DadnsConfiguration", "SettingsKit", "Backends", "ZoneStore", "MariaDB"]
        ),
        .executableTarget(
            name: "dadns",
            dependencies: [
                "DNSZone", "DirectAdmin", "ZoneStore", "Backends", "MariaDB", "Engine", "Operator", "Server", "Console", "BuildInfo",
                "DadnsConfiguration", "SettingsKit", "Doctor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The benchmarks, an executable of their own: the production `dadns` carries none of their code.
        .executableTarget(
            name: "dadns-bench",
            dependencies: [
                "DNSZone", "Backends", "DadnsTestKit", "Engine", "ZoneStore", "SettingsKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Real servers (named, nsd, MariaDB), a fake DirectAdmin and a fake peer, started through
        // the daemon's ChildSpawn: shared by the tests and dadns-bench, never a dependency of dadns.
        .target(name: "DadnsTestKit", dependencies: ["Backends"]),
        // swift-testing traits for the test targets (kept out of DadnsTestKit, which dadns-bench links).
        .target(name: "DadnsTestTraits", dependencies: ["DadnsTestKit"]),
        .testTarget(
            name: "DNSZoneTests",
            // dadns is a dependency so that `swift test` builds the binary the CLI tests run.
            dependencies: ["DNSZone", "dadns", "DadnsTestKit", "DadnsTestTraits"],
            resources: [.copy("Corpus")]
        ),
        .testTarget(
            name: "DadnsTests",
            // dadns-bench too, so that `swift test` builds the benchmark binary the docs tests run.
            dependencies: [
                "dadns", "dadns-bench", "Server", "Engine", "ZoneStore", "DirectAdmin", "DadnsTestKit", "DadnsTestTraits", "DadnsConfiguration", "SettingsKit",
            ]
        ),
        // The routes in process (HummingbirdTesting) over an in-memory store.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Console", "Operator", "Engine", "ZoneStore", "DirectAdmin", "DadnsTestKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "ZoneStoreTests",
            dependencies: ["ZoneStore", "MariaDB", "DadnsTestKit", "DadnsTestTraits", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "DirectAdminTests",
            dependencies: ["DirectAdmin", "DadnsTestKit"]
        ),
        .testTarget(
            name: "BackendsTests",
            dependencies: ["Backends", "DNSZone", "MariaDB", "DadnsTestKit", "DadnsTestTraits", "SettingsKit", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "MariaDBTests",
            dependencies: ["MariaDB", "DadnsTestKit", "DadnsTestTraits"]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "ZoneStore", "MariaDB", "Backends", "DirectAdmin", "DadnsTestKit",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
