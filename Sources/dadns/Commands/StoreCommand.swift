import ArgumentParser

/// `dadns store`: moving a node's store between SQLite and MariaDB/MySQL, and importing the
/// reference project's datastore.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Copy a store between SQLite and MySQL, or import the reference project's datastore.",
        subcommands: [StoreCopyCommand.self, StoreImportReferenceCommand.self])
}
