import ArgumentParser

/// `dadns bench …`: benchmarks that print figures (run them from a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (use a release build: swift run -c release dadns bench …).",
        subcommands: [BenchParseCommand.self, BenchPushCommand.self, BenchNSDCommand.self]
    )
}
