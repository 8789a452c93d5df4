/// Settings of an `nsd` backend (keys of its `dns.backends.<name>` stanza).
public struct NSDBackendSettings: Sendable, Equatable {
    /// `zones_dir`: where `<domain>.db` files are written. The pattern's `zonefile` in nsd.conf
    /// must name the same files (`zonefile: "<zones_dir>/%s.db"`).
    public var zonesDirectory: String
    /// `nsd_conf`: an include file listing the zones in the reference's layout, for an nsd.conf
    /// that includes it; nil: not written.
    public var includeFile: String?
    /// `nsd_control_path`; nil: files are written but NSD is not told.
    public var controlPath: String?
    /// `nsd_control_config`: `nsd-control -c` (the config naming NSD's control socket or port).
    /// Best a file with only the `remote-control:` section: nsd-control parses the whole file,
    /// includes too, on every call.
    public var controlConfig: String?
    /// `pattern`: the nsd.conf pattern zones are added with.
    public var pattern: String
    /// `command_timeout`: time limit in seconds for each nsd-control command.
    public var commandTimeout: Double
    /// Up to this many zones to add (or delete) in one batch, one `addzone` (`delzone`) per zone;
    /// above it, `addzones` (`delzones`) reading them from standard input.
    public var perZoneCommandLimit: Int
    /// At most this many zones per `addzones` / `delzones`. nsd-control writes all of standard
    /// input before it reads NSD's replies, one or two lines per zone, and NSD stops reading while
    /// its replies fill the control socket: from about 500 zones on, both wait for ever (NSD
    /// 4.6.1, unix socket). 200 stays well clear of that.
    public var zonesPerBatchCommand: Int
    /// Above this many changed existing zones in one batch, one `reload` (NSD checks every zone
    /// file and reads the changed ones) replaces the per-zone `reload <zone>`. Measured with
    /// 10,000 zones: `reload <zone>` costs 17–35 ms each, one `reload` 0.06–0.24 s.
    public var fullReloadThreshold: Int
    /// `pattern_file`: the file dadns writes the pattern into (see `NSDPatternFile`); nil: nsd.conf
    /// defines the pattern itself.
    public var patternFile: String?
    /// `catalog_zone`, `secondaries`, `tsig_key_file`: what standard secondaries are given.
    public var catalog = CatalogSettings()

    /// Defaults the initializer shares with the stanza's keys.
    public enum Defaults {
        public static let controlPath = "/usr/sbin/nsd-control"
        public static let pattern = "dadns"
        public static let commandTimeout: Double = 30
    }

    public init(
        zonesDirectory: String, includeFile: String? = nil, controlPath: String? = Defaults.controlPath,
        controlConfig: String? = nil, pattern: String = Defaults.pattern, commandTimeout: Double = Defaults.commandTimeout,
        perZoneCommandLimit: Int = 3, zonesPerBatchCommand: Int = 200, fullReloadThreshold: Int = 8
    ) {
        self.zonesDirectory = zonesDirectory
        self.includeFile = includeFile
        self.controlPath = controlPath
        self.controlConfig = controlConfig
        self.pattern = pattern
        self.commandTimeout = commandTimeout
        self.perZoneCommandLimit = perZoneCommandLimit
        self.zonesPerBatchCommand = max(1, zonesPerBatchCommand)
        self.fullReloadThreshold = fullReloadThreshold
    }

    /// The nsd-control command line for `arguments` (nil without nsd-control).
    public func control(_ arguments: [String]) -> [String]? {
        guard let controlPath else { return nil }
        var command = [controlPath]
        if let controlConfig { command += ["-c", controlConfig] }
        return command + arguments
    }

    /// A pattern name NSD accepts and that cannot split an `addzones` line: printable ASCII
    /// without spaces, quotes or `#`.
    static func isSafePattern(_ pattern: String) -> Bool {
        !pattern.isEmpty && pattern.utf8.count <= 255
            && pattern.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "#") }
    }
}
