/// What a PowerDNS API exchange came to when it did not succeed. No case carries the API key.
public enum PowerDNSError: Error, Equatable, CustomStringConvertible {
    /// No answer: no connection, a TLS failure, a reset, a timeout.
    case unreachable(String)
    /// 401 or 403: the key was refused (or `webserver-allow-from` does not include this host).
    case keyRefused(status: Int, keyPath: String)
    /// The request body was refused for its size (`webserver-max-bodysize`).
    case bodyTooLarge(bytes: Int, answer: String)
    /// PowerDNS refused the change (422 with its `error`, or another 4xx/5xx).
    case rejected(status: Int, message: String)
    /// The zone exists in PowerDNS under another account: not ours, left alone.
    case foreignZone(zone: String, account: String)
    /// An answer that cannot be read.
    case garbage(String)
    /// PowerDNS would not set (`set`) or clear a signed zone's PRESIGNED metadata over the API.
    case presignedRefused(zone: String, set: Bool, answer: String)
    /// PowerDNS's database (`gsqlite3_database` or `gmysql_dbname`; `location` names which, never a
    /// password) could not be written for a pre-signed zone.
    case database(location: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let reason):
            return "unreachable: \(reason)"
        case .keyRefused(let status, let keyPath):
            return "the API refused the key (HTTP \(status)): check \(keyPath) against pdns.conf's api-key, "
                + "and that webserver-allow-from includes this host"
        case .bodyTooLarge(let bytes, let answer):
            return "PowerDNS refused a request of \(bytes) bytes (\(answer)): larger than the server's webserver-max-bodysize "
                + "(megabytes, default 2); raise webserver-max-bodysize in pdns.conf"
        case .rejected(let status, let message):
            return "PowerDNS refused the change (HTTP \(status)): \(message)"
        case .foreignZone(let zone, let account):
            return "zone \(zone) exists in PowerDNS with account '\(account)', not '\(PowerDNSAPI.account)': left unchanged "
                + "(set its account to \(PowerDNSAPI.account) to hand it to dadns)"
        case .garbage(let reason):
            return "unreadable answer: \(reason)"
        case .database(let location, let reason):
            return "PowerDNS's database \(location) could not be written for a pre-signed zone: \(reason)"
        case .presignedRefused(let zone, true, let answer):
            return "the zone text of \(zone) is signed (RRSIG records) but PowerDNS refused to mark it PRESIGNED (\(answer)), "
                + "so it would not serve the signatures: run `pdnsutil set-presigned \(zone)` on the server (PowerDNS 4.7 "
                + "refuses PRESIGNED over its API); the next retry finds it set"
        case .presignedRefused(let zone, false, let answer):
            return "the zone text of \(zone) is no longer signed but PowerDNS refused to clear PRESIGNED (\(answer)): "
                + "run `pdnsutil unset-presigned \(zone)` on the server; the next retry finds it cleared"
        }
    }

    /// Whether the server could not be reached at all (the rest of a batch need not try).
    var isUnreachable: Bool {
        if case .unreachable = self { return true }
        if case .keyRefused = self { return true }
        return false
    }
}
