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

    @Flag(name: .long, help: "Stop (exit 78) when no password is set: app.auth_password or DADNS_APP_AUTH_PASSWORD.")
    var requirePassword = false

    @Flag(name: .long, help: "Print only the types of the enabled backends, one line, space-separated (for entrypoints).")
    var enabledBackendTypes = false

    func run() throws {
        let loaded = try ConfigLoader.loadOrExit(explicitPath: config)
        for warning in loaded.warnings { StandardError.write("dadns: warning: \(warning)\n") }
        if requirePassword && (loaded.config.string("app.auth_password") ?? "").isEmpty {
            StandardError.write(
                "dadns: configuration error: app.auth_password: not set; set DADNS_APP_AUTH_PASSWORD (or app.auth_password in app.yml): DirectAdmin logs in with it\n")
            throw ExitCode(78)
        }
        if enabledBackendTypes {
            var types: [String] = []
            for backend in loaded.config.enabledBackends where !types.contains(backend.type) { types.append(backend.type) }
            print(types.joined(separator: " "))
            return
        }
        print(ConfigPrinter.render(loaded.config), terminator: "")
    }
}
