import ArgumentParser
import BuildInfo

/// `dadns`: the DirectDNSOnly daemon and its tools.
@main
struct DadnsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dadns",
        abstract: "DirectDNSOnly: a DirectAdmin extra DNS server that fans zones out to DNS backends.",
        version: DadnsVersion.description,
        subcommands: [
            ServeCommand.self, StatusCommand.self, ZonesCommand.self, ZoneCommand.self, RetryCommand.self, ResyncCommand.self, ProbeCommand.self,
            RegisterCommand.self, CheckConfigCommand.self, DoctorCommand.self, HealthCommand.self, StoreCommand.self,
            ReconcileCommand.self,
        ]
    )
}

/// The release this source tree is, and the commit the binary was built from.
enum DadnsVersion {
    static let current = "0.1.0"
    /// `scripts/build-dist` records the git commit; a plain `swift build` has none.
    static let commit: String? = {
        let text = String(cString: dadns_build_commit())
        return text.isEmpty ? nil : text
    }()
    /// `dadns --version`: `0.1.0 (commit 52fa84f1c2d3)` or `0.1.0 (development build)`.
    static var description: String { "\(current) (\(commit.map { "commit \($0)" } ?? "development build"))" }
}
