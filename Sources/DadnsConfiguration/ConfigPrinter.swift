import Backends
import Engine
import SettingsKit

/// Prints the effective configuration as YAML, secrets masked, for `dadns check-config`. Each
/// key carries its description as a comment; reference keys dadns accepts but does not act on
/// are marked `[unused]`.
public enum ConfigPrinter {
    static let mask = "'********'"

    public static func render(_ config: AppConfig) -> String {
        var lines: [String] = []
        let source = config.sourceFile ?? "embedded default (no configuration file found)"
        lines.append("# configuration: \(source)")
        if !config.fromEnvironment.isEmpty {
            lines.append("# from the environment: \(config.fromEnvironment.sorted().joined(separator: ", "))")
        }
        var openSections: [String] = []
        for key in ConfigSchema.keys {
            let parts = key.path.split(separator: ".").map(String.init)
            let sections = Array(parts.dropLast())
            var common = 0
            while common < min(sections.count, openSections.count) && sections[common] == openSections[common] { common += 1 }
            for depth in common..<sections.count {
                lines.append(String(repeating: "  ", count: depth) + sections[depth] + ":")
            }
            openSections = sections
            let value = config.effective.optionalText(key)
            lines.append(
                String(repeating: "  ", count: sections.count) + "\(parts.last ?? key.path): " + show(value, secret: key.secret)
                    + comment(key))
            if key.path == ConfigSchema.keys.last(where: { $0.path.hasPrefix("reconciliation.") })?.path {
                lines.append("  directadmin_servers:" + (config.reconciliation.servers.isEmpty ? " []" : ""))
                for server in config.reconciliation.servers {
                    let help = ConfigSchema.directAdminServerKeys
                    lines.append("    - hostname: \(quoted(server.hostname))" + comment(help, "hostname"))
                    lines.append("      port: \(server.port)" + comment(help, "port"))
                    lines.append("      username: \(quoted(server.username))" + comment(help, "username"))
                    lines.append("      password: \(mask)" + comment(help, "password"))
                    lines.append("      ssl: \(server.ssl)" + comment(help, "ssl"))
                }
            }
            if key.path == ConfigSchema.keys.last(where: { $0.path.hasPrefix("peer_sync.") })?.path {
                lines.append("  peers:" + (config.peerSync.peers.isEmpty ? " []" : ""))
                for peer in config.peerSync.peers {
                    lines.append("    - url: \(quoted(peer.url))" + (peer.origin == .environment ? "  # from the environment" : ""))
                    lines.append("      username: \(quoted(peer.username))" + comment(ConfigSchema.peerKeys, "username"))
                    lines.append("      password: \(mask)" + comment(ConfigSchema.peerKeys, "password"))
                }
            }
        }
        if openSections.first != "dns" { lines.append("dns:") }
        lines.append("  backends:")
        for backend in config.backends {
            lines.append("    \(backend.name):")
            lines.append("      type: \(backend.type)" + comment(BackendRegistry.commonKeys, "type"))
            lines.append("      enabled: \(backend.enabled)" + comment(BackendRegistry.commonKeys, "enabled"))
            for key in BackendRegistry.kind(backend.type)?.keys ?? [] {
                lines.append("      \(key.path): " + show(backend.optionalText(key), secret: key.secret) + comment(key))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `  # <help>`, `  # [unused] <help>` for a reference key dadns does not act on.
    static func comment(_ key: ConfigSchema.Key) -> String {
        "  # " + (key.unused ? "[unused] " : "") + key.help
    }

    private static func comment(_ keys: [ConfigSchema.Key], _ path: String) -> String {
        keys.first { $0.path == path }.map(comment) ?? ""
    }

    private static func show(_ value: String?, secret: Bool) -> String {
        guard let value else { return "~" }
        if secret { return mask }
        return quoted(value)
    }

    /// YAML-safe scalar: plain when harmless, else single-quoted.
    private static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.allSatisfy { $0.isLetter || $0.isNumber || "._/-+".contains($0) }
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(value.lowercased())
        if plain || Int(value) != nil || value == "true" || value == "false" { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
