import Logging
import SettingsKit

/// The backend types `dadns` has, by their `type:` name: the configuration checks a stanza
/// against its type's keys, and `serve` builds each enabled stanza through its type.
public enum BackendRegistry {
    /// Every backend type, in the order the docs list them.
    public static let kinds: [BackendKind] = [.bind, .nsd, .coreDNSMySQL, .powerDNS, .knot]

    /// The `type:` names.
    public static var types: [String] { kinds.map(\.type) }

    public static func kind(_ type: String) -> BackendKind? { kinds.first { $0.type == type } }

    /// Keys every backend stanza may have.
    public static let commonKeys: [SettingKey] = [
        SettingKey("type", .choice(types), "Backend implementation; defaults to the stanza's name."),
        SettingKey("enabled", .bool, default: "false", "Whether the backend receives zones (off unless set, as in the reference)."),
        SettingKey("instance_name", .text, unused: true, "Display name (reference setting); accepted and unused."),
    ]

    /// Builds the backend of one enabled stanza.
    public static func make(_ stanza: BackendStanza, logger: Logger) throws -> any DNSBackend {
        guard let kind = kind(stanza.type) else {
            throw ConfigError(
                key: "dns.backends.\(stanza.name).type",
                reason: "unknown backend type '\(stanza.type)' (\(availableTypes) are available)")
        }
        return try kind.make(stanza, logger)
    }

    /// Checks what start-up needs of every enabled stanza before anything runs.
    public static func preflight(_ stanzas: [BackendStanza]) throws {
        for stanza in stanzas where stanza.enabled { try kind(stanza.type)?.preflight(stanza) }
    }

    /// `bind, nsd, coredns_mysql and powerdns`.
    static var availableTypes: String {
        types.count < 2 ? types.joined() : types.dropLast().joined(separator: ", ") + " and " + (types.last ?? "")
    }
}
