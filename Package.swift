// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DirectDNSOnly",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dadns", targets: ["dadns"]),
        .library(name: "DNSZone", targets: ["DNSZone"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "DNSZone"),
        .target(name: "DirectAdmin"),
        .target(name: "Backends"),
        .target(
            name: "ZoneStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "dadns",
            dependencies: [
                "DNSZone",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "DNSZoneTests",
            // dadns is a dependency so that `swift test` builds the binary the CLI tests run.
            dependencies: ["DNSZone", "dadns"],
            resources: [.copy("Corpus")]
        ),
        .testTarget(
            name: "DadnsTests",
            dependencies: ["dadns"]
        ),
        .testTarget(
            name: "ZoneStoreTests",
            dependencies: ["ZoneStore"]
        ),
        .testTarget(
            name: "DirectAdminTests",
            dependencies: ["DirectAdmin"]
        ),
        .testTarget(
            name: "BackendsTests",
            dependencies: ["Backends"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
