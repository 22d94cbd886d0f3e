// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rolesync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rolesync", targets: ["rolesync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
    ],
    targets: [
        /// Pure model and logic: manifests, drift, planner, reports. No I/O.
        .target(
            name: "RoleSyncCore",
            dependencies: [
                "CZlib",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// zlib, found through pkg-config: user-data decompression (pure computation, no I/O).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        /// libgit2, found through pkg-config.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        /// Desired state read from, and decisions written to, Git repositories; SSH and HTTPS
        /// remotes logged in to through libgit2's callbacks; SSH commit signatures verified
        /// against an allowed-signers file.
        .target(
            name: "GitStore",
            dependencies: [
                "CLibGit2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        /// SigV4, credentials, EC2/IAM/STS over the Query API, retries and rate limits.
        .target(
            name: "AWSClient",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        /// The phases of a reconcile, wiring the pure core to Git and AWS; the daemon service,
        /// its metrics and its health and metrics endpoints.
        .target(
            name: "Reconciler",
            dependencies: [
                "RoleSyncCore", "GitStore", "AWSClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "rolesync",
            dependencies: [
                "Reconciler", "RoleSyncCore", "GitStore", "AWSClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        /// Benchmarks of the pure core and the XML decoder (results in BENCHMARKS.md).
        .executableTarget(
            name: "rolesync-bench",
            dependencies: ["RoleSyncCore", "AWSClient", "CZlib"],
            path: "Benchmarks/rolesync-bench"
        ),
        /// Helpers shared by the test targets: running processes, temporary folders, the emulator,
        /// and the fault-injecting proxy that stands in front of it. Programs are awaited through
        /// swift-subprocess, so a test waiting on one holds no thread of the concurrency pool.
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "RoleSyncCoreTests", dependencies: ["RoleSyncCore", "CZlib", "TestSupport"]),
        .testTarget(
            name: "AWSClientTests",
            dependencies: [
                "AWSClient", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ReconcilerTests", dependencies: ["Reconciler", "RoleSyncCore", "AWSClient", "GitStore", "TestSupport"]),
        .testTarget(
            name: "GitStoreTests",
            dependencies: [
                "GitStore", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "RoleSyncCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// libFuzzer harnesses over the parsers of untrusted input (`scripts/fuzz.sh`, RELIABILITY.md).
/// Declared only when `ROLESYNC_FUZZ` is set, and then the project's own parsing modules are
/// compiled with the fuzzer's coverage instrumentation: the harnesses link libFuzzer, which a
/// normal build must not. Dependencies stay uninstrumented, so the fuzz build reuses them.
if Context.environment["ROLESYNC_FUZZ"] != nil {
    let instrumented: SwiftSetting = .unsafeFlags(["-sanitize=fuzzer"])
    for target in package.targets where ["RoleSyncCore", "AWSClient"].contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [instrumented]
    }
    let harness = { (name: String, dependency: Target.Dependency) -> Target in
        .executableTarget(
            name: name, dependencies: [dependency, "FuzzDriver"], path: "Fuzz/\(name)",
            swiftSettings: [instrumented], linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])])
    }
    package.products += ["fuzz-manifest", "fuzz-xml", "fuzz-userdata"].map { .executable(name: $0, targets: [$0]) }
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"),
        harness("fuzz-manifest", "RoleSyncCore"),
        harness("fuzz-xml", "AWSClient"),
        harness("fuzz-userdata", "RoleSyncCore"),
    ]
}
