import Foundation

/// One domain as a DirectAdmin server lists it (already lower-cased and checked).
public struct ListedDomain: Sendable, Equatable, Hashable {
    public var domain: String
    /// The DirectAdmin user owning it, when the listing says.
    public var username: String?

    public init(domain: String, username: String? = nil) {
        self.domain = domain
        self.username = username
    }
}

/// The two listing formats: `CMD_DNS_ADMIN?json=yes` pages and the legacy url-encoded
/// `list[]=a&list[]=b` of `CMD_API_SHOW_ALL_DOMAINS`. Anything else is garbage — never an
/// empty list, since an empty list would make every zone look deleted.
public enum DomainListParsing {
    /// One JSON page: entries under numeric keys with a `domain` field, the page count in
    /// `info.total_pages`. Names are returned raw (checking them is the caller's job).
    public struct Page: Sendable, Equatable {
        public var entries: [(domain: String, username: String?)]
        public var totalPages: Int

        public static func == (left: Page, right: Page) -> Bool {
            left.totalPages == right.totalPages && left.entries.map(\.domain) == right.entries.map(\.domain)
                && left.entries.map(\.username) == right.entries.map(\.username)
        }
    }

    /// Parses a JSON page; nil when the body is not the JSON shape.
    public static func jsonPage(_ body: [UInt8]) -> Page? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        var numbered: [(Int, String, String?)] = []
        for (key, value) in object {
            guard let index = Int(key) else { continue }
            guard let entry = value as? [String: Any], let domain = entry["domain"] as? String else { return nil }
            numbered.append((index, domain, entry["username"] as? String))
        }
        let info = object["info"] as? [String: Any]
        guard !numbered.isEmpty || info != nil else { return nil }
        var totalPages = 1
        if let raw = info?["total_pages"] {
            if let number = raw as? Int {
                totalPages = number
            } else if let text = raw as? String, let number = Int(text.trimmingCharacters(in: .whitespaces)) {
                totalPages = number
            } else {
                return nil
            }
        }
        let entries = numbered.sorted { $0.0 < $1.0 }.map { (domain: $0.1, username: $0.2) }
        return Page(entries: entries, totalPages: max(1, totalPages))
    }

    /// Parses the legacy format (pairs separated by `&` or new lines); nil when any pair is
    /// something other than `list[]=…` (or `error=0`).
    public static func legacyList(_ body: [UInt8]) -> [String]? {
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        let normalized = text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "&")
        var domains: [String] = []
        for pair in FormEncoding.decode(normalized) {
            switch pair.key {
            case "list[]":
                let name = pair.value.trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { domains.append(name) }
            case "error" where pair.value == "0":
                continue
            default:
                return nil
            }
        }
        return domains
    }

    /// `error=1&text=…` answers: the text, or nil for anything else.
    public static func errorText(_ body: [UInt8]) -> String? {
        guard let text = String(validating: body.prefix(4096), as: UTF8.self), text.hasPrefix("error=1") else { return nil }
        let pairs = FormEncoding.decode(text.trimmingCharacters(in: .whitespacesAndNewlines))
        return pairs.first { $0.key == "text" }?.value ?? "error=1"
    }

    /// Whether a body looks like an HTML page.
    public static func looksLikeHTML(_ body: [UInt8]) -> Bool {
        let head = String(decoding: body.prefix(512), as: UTF8.self).lowercased()
        let trimmed = head.drop { $0.isWhitespace }
        return trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || trimmed.hasPrefix("<head")
    }
}
