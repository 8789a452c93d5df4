import ArgumentParser

/// Options every operator command shares.
struct OperatorOptions: ParsableArguments {
    @OptionGroup var configFile: ConfigFileOption

    @Option(name: .long, help: "The daemon's base URL (default: from app.listen_* and app.ssl_enable, on loopback).")
    var url: String?

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    @Flag(name: .long, help: "Read the data directory even if the daemon is running (no live statistics).")
    var offline = false
}
