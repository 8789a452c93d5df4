import ArgumentParser

/// `dadns zone …`: zone-file tools.
struct ZoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zone",
        abstract: "Zone file tools.",
        subcommands: [ZoneCheckCommand.self, ZoneShowCommand.self]
    )
}
