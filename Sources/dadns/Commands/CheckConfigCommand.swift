import ArgumentParser
import DadnsConfiguration
import Doctor
import Foundation

/// `dadns check-config`: loads the configuration as `serve` would, prints the effective values
/// (secrets masked, each key with its description), then runs `dadns doctor`'s checks. Exit
/// 78 (EX_CONFIG) when the configuration or a check would stop start-up, 1 when a check found an
/// error that stops a backend.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration, print the effective values (secrets masked) and run the doctor's checks.",
        discussion: """
            Each key is printed with its description as a comment; reference keys dadns accepts but does not \
            use are marked [unused]. The doctor's findings follow as comments. Exit 0, 1 or 78 as `dadns doctor`.
            """)

    @OptionGroup var configFile: ConfigFileOption

    @Flag(name: .long, help: "Stop (exit 78) when no password is set: app.auth_password or DADNS_APP_AUTH_PASSWORD.")
    var requirePassword = false

    @Flag(name: .long, help: "Print only the types of the enabled backends, one line, space-separated (for entrypoints).")
    var enabledBackendTypes = false

    @Flag(name: .long, help: "Check the file only, not this host (paths, port, rndc …): for a file meant for another machine.")
    var configOnly = false

    @Flag(name: .long, help: "Print every key as Markdown tables (type, default, description), as docs/configuration.md holds them.")
    var docsTables = false

    func run() async throws {
        if docsTables {
            print(ConfigDocs.markdown(), terminator: "")
            return
        }
        let loaded = try configFile.load()
        for warning in loaded.warnings { StandardError.write("dadns: warning: \(warning)\n") }
        if requirePassword && (loaded.config.server.authPassword ?? "").isEmpty {
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
        guard !configOnly else { return }
        let report = await DoctorReport.run(loaded.config)
        print("# checks (dadns doctor):")
        print(report.render(prefix: "#   "), terminator: "")
        let status = report.exitStatus
        if status != 0 { throw ExitCode(status) }
    }
}
