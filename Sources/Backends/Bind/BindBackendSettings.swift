/// Settings of a `bind` backend (keys of its `dns.backends.<name>` stanza).
public struct BindBackendSettings: Sendable {
    /// `zones_dir`: where `<domain>.db` files are written.
    public var zonesDirectory: String
    /// `named_conf`: the include file listing the zones, for named.conf to include.
    public var includeFile: String
    /// `rndc_path`; nil: files are written but named is not told (reloads skipped).
    public var rndcPath: String?
    public var rndcServer: String?
    public var rndcPort: Int?
    public var rndcKeyFile: String?
    /// Time limit for each rndc command.
    public var commandTimeout: Double
    /// Above this many changed zones in one batch, one `rndc reload` replaces per-zone reloads.
    public var fullReloadThreshold: Int

    public init(
        zonesDirectory: String, includeFile: String, rndcPath: String? = nil, rndcServer: String? = nil,
        rndcPort: Int? = nil, rndcKeyFile: String? = nil, commandTimeout: Double = 30, fullReloadThreshold: Int = 200
    ) {
        self.zonesDirectory = zonesDirectory
        self.includeFile = includeFile
        self.rndcPath = rndcPath
        self.rndcServer = rndcServer
        self.rndcPort = rndcPort
        self.rndcKeyFile = rndcKeyFile
        self.commandTimeout = commandTimeout
        self.fullReloadThreshold = fullReloadThreshold
    }

    /// The rndc command line for `arguments` (nil without rndc).
    public func rndc(_ arguments: [String]) -> [String]? {
        guard let rndcPath else { return nil }
        var command = [rndcPath]
        if let rndcKeyFile { command += ["-k", rndcKeyFile] }
        if let rndcServer { command += ["-s", rndcServer] }
        if let rndcPort { command += ["-p", String(rndcPort)] }
        return command + arguments
    }
}
