import ArgumentParser

/// `dadns zone …`: zone-file tools.
struct ZoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zone",
        abstract: "Zone file tools.",
        subcommands: [ZoneCheckCommand.self]
    )
}
