import SettingsKit

/// What a bind or nsd backend publishes for standard secondaries: an RFC 9432 catalog zone
/// (`catalog_zone`), the secondaries allowed to transfer and told by NOTIFY (`secondaries`), and
/// an optional TSIG key for both (`tsig_key_file`).
public struct CatalogSettings: Sendable, Equatable {
    /// The catalog zone; nil: no catalog is published (secondaries may still be set).
    public var catalog: CatalogZone?
    public var secondaries: [CatalogSecondary]
    /// `tsig_key_file`, as configured (BIND includes it by this path).
    public var tsigKeyFile: String?
    public var tsigKey: TSIGKey?

    public init(catalog: CatalogZone? = nil, secondaries: [CatalogSecondary] = [], tsigKeyFile: String? = nil, tsigKey: TSIGKey? = nil) {
        self.catalog = catalog
        self.secondaries = secondaries
        self.tsigKeyFile = tsigKeyFile
        self.tsigKey = tsigKey
    }

    /// The keys both backend types take (each lists them in its own `Keys.all`).
    public enum Keys {
        public static let catalogZone = SettingKey(
            "catalog_zone", .text,
            "RFC 9432 catalog zone (schema 2) this backend publishes, listing every zone it holds (docs/secondaries.md); unset: none.")
        public static let secondaries = SettingKey(
            "secondaries", .textList,
            "Secondaries (IP[:port], port 53 by default) allowed to transfer the catalog and every zone, and sent NOTIFY.")
        public static let tsigKeyFile = SettingKey(
            "tsig_key_file", .text, "BIND-format TSIG key file (tsig-keygen); its key signs transfers and NOTIFY to the secondaries.")
        public static let all = [catalogZone, secondaries, tsigKeyFile]
    }

    /// The stanza's catalog settings, checked: an error names the key at fault. Reads the key file.
    public static func checked(_ stanza: BackendStanza) throws -> CatalogSettings {
        var settings = CatalogSettings()
        if let name = stanza.optionalText(Keys.catalogZone) {
            let zone = CatalogZone(name: name)
            guard SafeZoneName.isSafe(zone.name), zone.name.contains("."),
                  zone.name.split(separator: ".").allSatisfy({ $0.utf8.count <= 63 }) else {
                throw ConfigError(key: stanza.path(Keys.catalogZone), reason: "'\(name)' is not a usable zone name")
            }
            settings.catalog = zone
        }
        for entry in stanza.optionalText(Keys.secondaries).map({ $0.split(separator: ",").map(String.init) }) ?? [] {
            guard let secondary = CatalogSecondary(parsing: entry) else {
                throw ConfigError(
                    key: stanza.path(Keys.secondaries), reason: "'\(entry)' is not an IP address with an optional port (192.0.2.1, 192.0.2.1:5353, [2001:db8::1]:53)")
            }
            settings.secondaries.append(secondary)
        }
        if let path = stanza.optionalText(Keys.tsigKeyFile) {
            guard !path.contains("\""), !path.contains("\n") else {
                throw ConfigError(key: stanza.path(Keys.tsigKeyFile), reason: "the path cannot be written into a server configuration")
            }
            guard let text = FileReading.text(path: path) else {
                throw ConfigError(key: stanza.path(Keys.tsigKeyFile), reason: "cannot read \(path)")
            }
            guard let key = TSIGKey(parsing: text) else {
                throw ConfigError(key: stanza.path(Keys.tsigKeyFile), reason: "\(path) holds no key \"NAME\" { algorithm …; secret \"…\"; };")
            }
            settings.tsigKeyFile = LocalPath.absolute(path)
            settings.tsigKey = key
        }
        return settings
    }

    /// The settings as far as they can be read (for logs and doctor, after `checked` passed at
    /// start-up); an unusable value counts as unset.
    public static func lenient(_ stanza: BackendStanza) -> CatalogSettings {
        (try? checked(stanza)) ?? CatalogSettings()
    }
}

extension CatalogSettings {
    /// Neither a catalog nor secondaries: the backend writes what it wrote before.
    public var isEmpty: Bool { catalog == nil && secondaries.isEmpty }
}
