/// Settings of a `bind` backend (keys of its `dns.backends.<name>` stanza).
public struct BindBackendSettings: Sendable, Equatable {
    /// `zones_dir`: where `<domain>.db` files are written.
    public var zonesDirectory: String
    /// `named_conf`: the include file listing the zones, for named.conf to include.
    public var includeFile: String
    /// The rndc that is run, or why none is (`rndc_path`, `reload`, PATH).
    public var rndcProgram: RndcProgram
    public var rndcServer: String?
    public var rndcPort: Int?
    public var rndcKeyFile: String?
    /// Time limit for each rndc command.
    public var commandTimeout: Double
    /// Above this many changed zones in one batch, one `rndc reload` replaces per-zone reloads.
    public var fullReloadThreshold: Int
    /// `catalog_zone`, `secondaries`, `tsig_key_file`: what standard secondaries are given.
    public var catalog = CatalogSettings()
    /// `zone_config`, `addzone_max`: new zones by the include and reconfig, or by `rndc addzone`.
    public var zoneConfig = BindZoneConfig()

    /// Defaults the initializer shares with the stanza's keys.
    public enum Defaults {
        public static let commandTimeout: Double = 30
    }

    /// `rndcPath` nil: no rndc (files are written, named is not told).
    public init(
        zonesDirectory: String, includeFile: String, rndcPath: String? = nil, rndcServer: String? = nil,
        rndcPort: Int? = nil, rndcKeyFile: String? = nil, commandTimeout: Double = Defaults.commandTimeout,
        fullReloadThreshold: Int = 200
    ) {
        self.zonesDirectory = zonesDirectory
        self.includeFile = includeFile
        self.rndcProgram = Self.program(rndcPath)
        self.rndcServer = rndcServer
        self.rndcPort = rndcPort
        self.rndcKeyFile = rndcKeyFile
        self.commandTimeout = commandTimeout
        self.fullReloadThreshold = fullReloadThreshold
    }

    /// The rndc program's path; nil: reloads are skipped (`rndcProgram` says why).
    public var rndcPath: String? {
        get { rndcProgram.path }
        set { rndcProgram = Self.program(newValue) }
    }

    private static func program(_ path: String?) -> RndcProgram {
        path.map { .configured($0) } ?? .disabled(by: "no rndc_path given")
    }

    /// The rndc command line for `arguments` (nil: no rndc will be run). Without
    /// `rndc_server`/`rndc_port`/`rndc_key_file` rndc's own defaults apply (rndc.conf or
    /// rndc.key, 127.0.0.1 port 953).
    public func rndc(_ arguments: [String]) -> [String]? {
        guard let rndcPath else { return nil }
        var command = [rndcPath]
        if let rndcKeyFile { command += ["-k", rndcKeyFile] }
        if let rndcServer { command += ["-s", rndcServer] }
        if let rndcPort { command += ["-p", String(rndcPort)] }
        return command + arguments
    }

    /// One line for the start-up log: which rndc runs with which options, or why none does.
    public var rndcDescription: String {
        guard let command = rndc([]) else { return rndcProgram.description }
        let options = command.dropFirst()
        return rndcProgram.description
            + (options.isEmpty ? ", with rndc's own defaults (rndc.conf or rndc.key, 127.0.0.1 port 953)" : " " + options.joined(separator: " "))
    }
}
