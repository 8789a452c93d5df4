import Foundation

/// How the console writes times, durations and query strings.
enum ConsoleFormat {
    /// `2026-12-06 09:30:00Z` (UTC); "—" for none.
    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        return Date(timeIntervalSince1970: seconds).formatted(utc)
    }

    static let utc = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: TimeZone(secondsFromGMT: 0) ?? .current)

    /// `42 s`, `5 min`, `3.5 h`, `2.0 d`; "—" for none.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        switch seconds {
        case ..<120: return "\(Int(seconds.rounded())) s"
        case ..<7200: return "\(Int((seconds / 60).rounded())) min"
        case ..<172_800: return String(format: "%.1f h", seconds / 3600)
        default: return String(format: "%.1f d", seconds / 86400)
        }
    }

    /// `a=1&b=x%20y` of the pairs whose value is not empty, in order.
    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.filter { !$0.1.isEmpty }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
