/// The settings of a `knot` backend (keys of its `dns.backends.<name>` stanza).
public struct KnotBackendSettings: Sendable, Equatable {
    /// `zones_dir`: where `<domain>.zone` files are written; each zone dadns adds to Knot names its
    /// file there explicitly (`zone[<domain>].file`).
    public var zonesDirectory: String
    /// The knotc program to run (absolute), or nil when `knotc_path` found none.
    public var knotcPath: String?
    /// `knotc_path` as configured (`knotc` by default, looked up on PATH).
    public var configuredKnotc: String = Defaults.knotc
    /// `control_socket`: `knotc -s` (knotd's control socket); nil: knotc's default.
    public var controlSocket: String? = nil
    /// `template`: the Knot template every zone dadns adds is given.
    public var template: String = Defaults.template
    /// `command_timeout`: time limit in seconds for each knotc command.
    public var commandTimeout: Double = Defaults.commandTimeout
    /// At most this many zones per knotc command line (`zone-reload`, `zone-purge`, `conf-set zone.domain`).
    @AtLeastOne public var zonesPerCommand: Int = 1000

    /// Defaults the (synthesized) initializer shares with the stanza's keys.
    public enum Defaults {
        public static let knotc = "knotc"
        public static let template = "default"
        public static let commandTimeout: Double = 60
    }

    /// The knotc command line for `arguments`: always `-b`, so zone events are waited for and
    /// their errors reported; nil without knotc.
    public func knotc(_ arguments: [String]) -> [String]? {
        guard let knotcPath else { return nil }
        return [knotcPath, "-b"] + (controlSocket.map { ["-s", $0] } ?? []) + arguments
    }

    /// A value knotc's command reader takes as one word: printable ASCII without spaces, quotes,
    /// backslashes, brackets or `#` (template ids, zones_dir).
    static func isPlainWord(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 1024
            && value.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && !"\"'\\[]#;".utf8.contains(byte)
            }
    }
}
