import Foundation

/// Programs built by this package, found beside the running test bundle.
public enum TestBinaries {
    /// The `dadns` executable of the current build.
    public static func dadns() throws -> String { try named("dadns") }

    /// The `dadns-bench` executable of the current build.
    public static func dadnsBench() throws -> String { try named("dadns-bench") }

    private static func named(_ name: String) throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = FileManager.default.currentDirectoryPath + "/.build/debug/" + name
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw NamedServer.Failure("\(name) binary not found; run swift build first")
        }
        return fallback
    }
}
