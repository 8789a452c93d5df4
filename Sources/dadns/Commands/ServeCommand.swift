import ArgumentParser

/// `dadns serve`: runs the daemon. The DirectAdmin receiver, store and backends are being built
/// (see the issues); until they land this explains what exists and exits.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon (DirectAdmin receiver, store, dispatcher)."
    )

    @Option(name: .long, help: "Path to app.yml (default: ./config/app.yml, ./app.yml, /etc/directdnsonly/app.yml).")
    var config: String?

    func run() throws {
        print("""
            dadns \(DadnsVersion.current)
            The daemon (DirectAdmin receiver, durable store, backends) is not built yet.
            Available now:
              dadns zone check [--origin NAME] FILE|-   validate a zone file and print it canonically
              dadns bench parse                        measure the zone parser
            """)
    }
}
