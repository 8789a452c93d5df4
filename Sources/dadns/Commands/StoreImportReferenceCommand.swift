import ArgumentParser
import DadnsConfiguration
import MariaDB
import ZoneStore

/// `dadns store import-reference PATH|mysql`: the reference project's datastore imported into
/// the configured store, so that operators switching from it keep their zones and owners
/// without DirectAdmin pushing them again.
struct StoreImportReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-reference",
        abstract: "Import the reference project's datastore (its domains table) into this store.",
        discussion: """
            SOURCE is the reference's SQLite file (its datastore.db_location), or mysql: the database the \
            configuration's datastore.* keys name (host, port, name, user, pass — the reference's own keys), \
            whose domains table sits beside dadns's tables if dadns uses the same database. Every row with \
            zone_data is validated like a push from DirectAdmin and stored as a push from source import with its \
            hostname and username as owner, unless this store changed the zone since the reference stored it \
            (zone_updated_at); an invalid one is reported and skipped. Rows without zone_data are \
            listed: the reconciler (or dadns resync) fetches those from DirectAdmin. Running it again changes \
            nothing that is unchanged. Works whether the daemon runs or not. Exit 0 when every row with zone_data \
            was stored, 1 when some were invalid, 2 when the source cannot be read.
            """)

    @OptionGroup var configFile: ConfigFileOption

    @Argument(help: "The reference's SQLite file, or mysql.")
    var source: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        let config = try configFile.load().config
        let report: StoreReferenceImport.Report
        do {
            let reference: any ReferenceDomainSource =
                source == "mysql"
                ? try await ReferenceMariaDBDomains(
                    pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: config.store.database, size: 1))
                : try ReferenceSQLiteDomains(path: source)
            let store = try await StoreOpener.open(config, lock: false, followOthers: false).store
            report = try await StoreReferenceImport(source: reference, store: store).run()
        } catch {
            StandardError.write("dadns: store import-reference: \(error)\n")
            throw ExitCode(2)
        }
        try OperatorSession.print(report, json: json) { print(Self.summary($0)) }
        if !report.invalid.isEmpty { throw ExitCode(1) }
    }

    static func summary(_ report: StoreReferenceImport.Report) -> String {
        var lines = [
            "import-reference: \(report.imported) imported, \(report.unchanged) unchanged, \(report.newerHere.count) changed here since, "
                + "\(report.invalid.count) invalid, \(report.withoutZoneData.count) without zone_data"
        ]
        if !report.newerHere.isEmpty {
            lines.append("  changed here since (left as they are): " + report.newerHere.joined(separator: ", "))
        }
        for item in report.invalid { lines.append("  invalid: \(item)") }
        if !report.withoutZoneData.isEmpty {
            lines.append("  without zone_data (the reconciler or dadns resync fetches these from DirectAdmin): "
                + report.withoutZoneData.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
