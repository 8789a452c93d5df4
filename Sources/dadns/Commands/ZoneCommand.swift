import ArgumentParser

/// `dadns zone …`: zone-file tools.
struct ZoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zone",
        abstract: "Zone file tools, and the zones in the store: show, history, diff, rollback, heal.",
        subcommands: [
            ZoneCheckCommand.self, ZoneShowCommand.self, ZoneHistoryCommand.self, ZoneDiffCommand.self, ZoneRollbackCommand.self,
            ZoneHealCommand.self,
        ]
    )
}
