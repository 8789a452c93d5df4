import DNSZone
/// A DirectAdmin request, parsed and checked: what the receiver has to do.
public enum DirectAdminCommand: Equatable, Sendable {
    /// `GET /CMD_API_LOGIN_TEST`.
    case loginTest
    /// `action=exists`. `domain` is nil for names that are not valid (half-typed junk): the answer
    /// is then simply `exists=0`.
    case exists(domain: String?, checkParents: Bool)
    /// `action=rawsave`: the zone text is the request body.
    case rawSave(domain: String, zoneText: [UInt8], hostname: String?, username: String?, reload: Bool)
    /// `action=delete` with `select0…N` and/or `domain` (the reference project's form).
    case delete(domains: [String], hostname: String?, username: String?)
}

/// Why a request was refused, in words for `error=1&text=…`.
public struct DirectAdminRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Turns DirectAdmin's HTTP requests into commands. Parameters come from the query string or,
/// when the query names no action, from a url-encoded body — DirectAdmin sends deletes that way,
/// without a Content-Type header.
public enum DirectAdminRequestParser {
    /// Parses a request for `path` (`/CMD_API_DNS_ADMIN`, …).
    public static func parse(path: String, query: String, body: [UInt8]) -> Result<DirectAdminCommand, DirectAdminRequestError> {
        switch path.split(separator: "/").last.map(String.init) ?? "" {
        case "CMD_API_LOGIN_TEST":
            return .success(.loginTest)
        case "CMD_API_DNS_ADMIN":
            return parseDNSAdmin(query: query, body: body)
        default:
            return .failure(DirectAdminRequestError("unknown command \(path)"))
        }
    }

    private static func parseDNSAdmin(query: String, body: [UInt8]) -> Result<DirectAdminCommand, DirectAdminRequestError> {
        var parameters = FormEncoding.decode(query)
        let queryAction = value("action", in: parameters)
        if queryAction == nil || queryAction == "delete" || queryAction == "exists" {
            // The body holds the parameters (rawsave's body is the zone, never parameters).
            guard let text = String(validating: body, as: UTF8.self) else {
                return .failure(DirectAdminRequestError("request body is not UTF-8"))
            }
            parameters += FormEncoding.decode(text.trimmingSuffixNewlines())
        }
        guard let action = value("action", in: parameters) else {
            return .failure(DirectAdminRequestError("missing action"))
        }
        // Owners are recorded and logged: a value that is not a host or user name is refused,
        // an empty one counts as absent.
        let hostname = value("hostname", in: parameters).flatMap { $0.isEmpty ? nil : $0 }
        let username = value("username", in: parameters).flatMap { $0.isEmpty ? nil : $0 }
        // Normalized once (every push carries one); `exists` records no owner.
        let checkedHost = action == "exists" ? nil : hostname.flatMap(validHost)
        if action != "exists", hostname != nil, checkedHost == nil {
            return .failure(DirectAdminRequestError("invalid hostname"))
        }
        if action != "exists", let username, validUser(username) == nil {
            return .failure(DirectAdminRequestError("invalid username"))
        }
        switch action {
        case "exists":
            let domain = value("domain", in: parameters).flatMap { try? DomainNameRules.normalize($0).get() }
            let checkParents = value("check_for_parent_domain", in: parameters).map(isYes) ?? false
            return .success(.exists(domain: domain, checkParents: checkParents))
        case "rawsave":
            guard let raw = value("domain", in: parameters) else {
                return .failure(DirectAdminRequestError("missing domain"))
            }
            switch DomainNameRules.normalize(raw) {
            case .failure(let problem): return .failure(DirectAdminRequestError("invalid domain: \(problem)"))
            case .success(let domain):
                let reload = value("named_reload", in: parameters).map(isYes) ?? false
                return .success(.rawSave(domain: domain, zoneText: body, hostname: checkedHost, username: username, reload: reload))
            }
        case "delete":
            // DirectAdmin names the zones in `select0…N`; the reference project (and scripts written
            // for it) send `domain=D`. Both in one request: the union.
            var selected = parameters.filter { $0.key.hasPrefix("select") && Int($0.key.dropFirst(6)) != nil }
            if let domain = value("domain", in: parameters) { selected.append((key: "domain", value: domain)) }
            guard !selected.isEmpty else { return .failure(DirectAdminRequestError("missing select0 or domain")) }
            var domains: [String] = []
            for entry in selected {
                switch DomainNameRules.normalize(entry.value) {
                case .failure(let problem):
                    return .failure(DirectAdminRequestError("invalid domain in \(entry.key): \(problem)"))
                case .success(let domain): if !domains.contains(domain) { domains.append(domain) }
                }
            }
            return .success(.delete(domains: domains, hostname: checkedHost, username: username))
        default:
            return .failure(DirectAdminRequestError("unknown action \(action.prefix(40))"))
        }
    }

    private static func value(_ key: String, in parameters: [(key: String, value: String)]) -> String? {
        parameters.last(where: { $0.key == key })?.value
    }

    private static func isYes(_ text: String) -> Bool {
        ["yes", "true", "1", "on"].contains(text.lowercased())
    }

    /// DirectAdmin host names are recorded as owners: the same rules as domains.
    private static func validHost(_ text: String) -> String? {
        try? DomainNameRules.normalize(text).get()
    }

    /// DirectAdmin user names: letters, digits, `_`, `-`, `.`, at most 64.
    private static func validUser(_ text: String) -> String? { PlainName.validated(text) }
}

extension String {
    fileprivate func trimmingSuffixNewlines() -> Substring {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        return text
    }
}
