/// One configuration key: where it lives, what it holds, its default, whether it is a secret
/// (masked in `check-config`, never logged), and what it means. Each key, and so each default,
/// is written once: the loader, `check-config`'s printout and the docs' key tables read it.
public struct SettingKey: Sendable, Equatable {
    /// What a key holds.
    public enum ValueType: Equatable, Sendable {
        case text
        case bool
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case choice([String])
        /// A size such as `16M`, `512k` or a plain number of bytes.
        case byteSize
        /// Comma-separated numbers, each in the range (a YAML list is accepted too).
        case numberList(ClosedRange<Double>)
        /// A DNS server's IP address with an optional port (`DNSServerAddress`).
        case dnsAddress
        /// Comma-separated values, none empty (a YAML list is accepted too); the owner checks each.
        case textList
    }

    /// Dotted path (`app.listen_port`); in a backend stanza, the key's name (`zones_dir`).
    public let path: String
    public let type: ValueType
    /// The value when the configuration sets none, as text; nil: unset.
    public let defaultValue: String?
    public let secret: Bool
    /// A reference key `dadns` accepts (so the reference's file loads) but does not act on.
    public let unused: Bool
    public let help: String

    public init(
        _ path: String, _ type: ValueType, default defaultValue: String? = nil, secret: Bool = false, unused: Bool = false,
        _ help: String
    ) {
        self.path = path
        self.type = type
        self.defaultValue = defaultValue
        self.secret = secret
        self.unused = unused
        self.help = help
    }
}

extension SettingKey.ValueType {
    /// How the docs' key tables name the type.
    public var summary: String {
        switch self {
        case .text: return "text"
        case .bool: return "true/false"
        case .integer(let range): return "whole number \(range.lowerBound)–\(range.upperBound)"
        case .number(let range): return "number \(range.lowerBound.settingText)–\(range.upperBound.settingText)"
        case .choice(let options): return options.joined(separator: ", ")
        case .byteSize: return "size (16M, 512k, bytes)"
        case .numberList(let range): return "numbers \(range.lowerBound.settingText)–\(range.upperBound.settingText), comma-separated"
        case .dnsAddress: return "IP address[:port] (127.0.0.1:53, [::1]:5353)"
        case .textList: return "list (YAML list or comma-separated)"
        }
    }
}
