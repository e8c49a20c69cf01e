// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "budgit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "budgit", targets: ["budgit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "BudgitModel"),
        .target(name: "BudgitStore", dependencies: ["Clibgit2"]),
        .target(name: "BudgitImport", dependencies: ["BudgitModel"]),
        .target(name: "BudgitCanonical", dependencies: ["BudgitModel"]),
        .target(name: "BudgitCompare", dependencies: ["BudgitModel"]),
        .target(name: "BudgitChecks", dependencies: ["BudgitModel"]),
        .target(name: "BudgitRender", dependencies: ["BudgitModel", "BudgitCompare"]),
        .target(name: "BudgitCache", dependencies: ["BudgitModel", "BudgitCanonical"]),
        .target(
            name: "BudgitWorkspace",
            dependencies: ["BudgitModel", "BudgitStore", "BudgitImport", "BudgitCanonical", "BudgitCompare", "BudgitCache"]
        ),
        .executableTarget(
            name: "budgit",
            dependencies: [
                "BudgitModel", "BudgitStore", "BudgitImport", "BudgitCanonical", "BudgitCompare", "BudgitChecks",
                "BudgitRender", "BudgitWorkspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "BudgitTestSupport", dependencies: ["BudgitModel"], path: "Tests/BudgitTestSupport"),
        // Hand-built snapshots and seeds shared by the Compare and Render tests.
        .target(name: "BudgitCompareTestSupport", dependencies: ["BudgitModel", "BudgitCompare"],
                path: "Tests/BudgitCompareTestSupport"),
        .testTarget(name: "BudgitModelTests", dependencies: ["BudgitModel"]),
        .testTarget(name: "BudgitStoreTests", dependencies: ["BudgitStore", "BudgitTestSupport"]),
        .testTarget(name: "BudgitImportTests", dependencies: ["BudgitImport", "BudgitModel", "BudgitTestSupport"]),
        .testTarget(name: "BudgitCanonicalTests", dependencies: ["BudgitCanonical", "BudgitModel", "BudgitImport", "BudgitTestSupport"]),
        .testTarget(name: "BudgitCacheTests", dependencies: ["BudgitCache", "BudgitCanonical", "BudgitModel", "BudgitImport", "BudgitTestSupport"]),
        .testTarget(name: "BudgitCompareTests", dependencies: ["BudgitCompare", "BudgitRender", "BudgitModel", "BudgitCanonical", "BudgitTestSupport", "BudgitCompareTestSupport"]),
        .testTarget(name: "BudgitChecksTests", dependencies: ["BudgitChecks", "BudgitModel"]),
        .testTarget(name: "BudgitRenderTests", dependencies: ["BudgitRender", "BudgitCompare", "BudgitModel", "BudgitTestSupport", "BudgitCompareTestSupport"]),
        .testTarget(name: "BudgitWorkspaceTests", dependencies: ["BudgitWorkspace", "BudgitStore", "BudgitModel", "BudgitCanonical", "BudgitCompare", "BudgitRender", "BudgitImport", "BudgitTestSupport", "BudgitCache"]),
        .testTarget(name: "budgitCLITests", dependencies: ["budgit", "BudgitTestSupport"]),
        // Benchmark corpus generator (raw documents at city scale, with a ground-truth manifest).
        .target(name: "BudgitCorpus", dependencies: ["BudgitModel"]),
        .executableTarget(
            name: "budgit-corpus",
            dependencies: ["BudgitCorpus", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "BudgitCorpusTests", dependencies: ["BudgitCorpus", "BudgitImport", "BudgitModel"]),
        // Fuzzing: mutation engine and targets (importer, canonical readers, cache decoder), and
        // the driver that runs batches in child processes to catch traps (`make fuzz`).
        .target(name: "BudgitFuzz", dependencies: ["BudgitModel", "BudgitImport", "BudgitCanonical", "BudgitCache", "BudgitCorpus"]),
        .executableTarget(name: "budgit-fuzz", dependencies: ["BudgitFuzz"]),
        .testTarget(name: "BudgitFuzzTests", dependencies: ["BudgitFuzz"]),
        // Benchmark driver: builds long histories through the store for log and blame timings.
        .executableTarget(
            name: "budgit-bench",
            dependencies: ["BudgitStore", "BudgitCanonical", "BudgitModel", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
    ]
)
