import ArgumentParser
import Foundation

/// `dadns serve`: runs the daemon. The configuration is loaded and checked as it will be; the
/// DirectAdmin receiver, store and backends are being built (issue 3), so for now it reports
/// what it would run and exits.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon (DirectAdmin receiver, store, dispatcher)."
    )

    @Option(name: .long, help: "Path to app.yml (default: ./config/app.yml, ./app.yml, /etc/directdnsonly/app.yml).")
    var config: String?

    func run() throws {
        let loaded: ConfigLoader.Loaded
        do {
            loaded = try ConfigLoader.load(explicitPath: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            StandardError.write("dadns: configuration error: \(error)\n")
            throw ExitCode(78)
        }
        for warning in loaded.warnings { StandardError.write("dadns: warning: \(warning)\n") }
        let settings = loaded.config
        let backends = settings.enabledBackends.map { "\($0.name) (\($0.type))" }.joined(separator: ", ")
        print("""
            dadns \(DadnsVersion.current)
            configuration: \(settings.sourceFile ?? "embedded default")
            would listen on port \(settings.listenPort), store zones in \(settings.databasePath), backends: \(backends)
            The daemon itself (DirectAdmin receiver, durable store, dispatcher) is not built yet.
            Available now:
              dadns check-config                       check the configuration, print effective values
              dadns zone check [--origin NAME] FILE|-   validate a zone file and print it canonically
              dadns bench parse                        measure the zone parser
            """)
    }
}
