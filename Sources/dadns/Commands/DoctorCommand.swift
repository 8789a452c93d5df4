import ArgumentParser
import DadnsConfiguration
import Doctor
import Foundation

/// `dadns doctor`: checks that this user and host can run the configuration — paths, port,
/// TLS files, rndc / nsd-control, MariaDB logins — and says per problem what to change.
/// Creates and changes nothing.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that the configuration can run here: paths, port, TLS files, rndc, nsd-control, MariaDB.",
        discussion: """
            One line per check (ok, warning, error and what to change), then a summary. Creates and changes \
            nothing: writability is asked with access(2) on the path or its nearest existing ancestor. \
            Exit 0 without errors (warnings allowed), 1 when an error stops a backend (rndc, nsd-control or \
            MariaDB not answering), 78 when an error would stop `dadns serve` (a configuration error, a path \
            that cannot be created or written, the port in use, an unreadable TLS file).
            """)

    @OptionGroup var configFile: ConfigFileOption

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let loaded = try configFile.load()
        let report = await DoctorReport.run(loaded.config)
        if json {
            print(try report.json(configurationWarnings: loaded.warnings))
        } else {
            print("# configuration: \(loaded.config.sourceFile ?? "embedded default (no configuration file found)")")
            for warning in loaded.warnings { print("warning  configuration: \(warning)") }
            print(report.render(), terminator: "")
        }
        let status = report.exitStatus
        if status != 0 { throw ExitCode(status) }
    }
}
