import ArgumentParser

/// `dadns-bench …`: benchmarks that print figures, an executable of their own so the production
/// `dadns` carries none of their code (run them from a release build).
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dadns-bench",
        abstract: "Benchmarks of dadns (use a release build: swift run -c release dadns-bench …).",
        subcommands: [
            BenchParseCommand.self, BenchPushCommand.self, BenchNSDCommand.self, BenchLagCommand.self, BenchProbeCommand.self,
            BenchSeedCommand.self, BenchScaleCommand.self, BenchLatencyCommand.self, BenchStoreCommand.self,
        ]
    )
}
