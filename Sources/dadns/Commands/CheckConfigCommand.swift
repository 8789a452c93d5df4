import ArgumentParser
import Foundation

/// `dadns check-config`: loads the configuration as `serve` would and prints the effective
/// values (secrets masked). Exit 78 (EX_CONFIG) when the configuration would stop start-up.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration and print the effective values, secrets masked."
    )

    @Option(name: .long, help: "Path to app.yml (default: ./config/app.yml, ./app.yml, /etc/directdnsonly/app.yml).")
    var config: String?

    func run() throws {
        let loaded = try ConfigLoader.loadOrExit(explicitPath: config)
        for warning in loaded.warnings { StandardError.write("dadns: warning: \(warning)\n") }
        print(ConfigPrinter.render(loaded.config), terminator: "")
    }
}
