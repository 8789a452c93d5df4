import ArgumentParser
import DadnsConfiguration

/// `--config`: the one option every command that reads app.yml shares, and the load it leads to.
struct ConfigFileOption: ParsableArguments {
    @Option(name: .customLong("config"), help: "Path to app.yml (default: ./config/app.yml, ./app.yml, /etc/directdnsonly/app.yml).")
    var path: String?

    /// The configuration as `serve` would load it; a configuration error ends the process (78).
    func load() throws -> ConfigLoader.Loaded { try ConfigLoader.loadOrExit(explicitPath: path) }
}
