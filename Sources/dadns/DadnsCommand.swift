import ArgumentParser

/// `dadns`: the DirectDNSOnly daemon and its tools.
@main
struct DadnsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dadns",
        abstract: "DirectDNSOnly: a DirectAdmin extra DNS server that fans zones out to DNS backends.",
        version: DadnsVersion.current,
        subcommands: [
            ServeCommand.self, StatusCommand.self, ZonesCommand.self, ZoneCommand.self, RetryCommand.self, ResyncCommand.self,
            RegisterCommand.self, CheckConfigCommand.self, DoctorCommand.self,
        ]
    )
}

enum DadnsVersion {
    static let current = "0.1.0-dev"
}
