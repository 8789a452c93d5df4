import Foundation
import ZoneStore

/// Small formatting helpers for output a person reads.
enum HumanFormat {
    /// `3h 2m`, `45 s`, `2d 4h`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 120 { return "\(total) s" }
        if total < 7200 { return "\(total / 60)m \(total % 60)s" }
        if total < 172_800 { return "\(total / 3600)h \(total % 3600 / 60)m" }
        return "\(total / 86400)d \(total % 86400 / 3600)h"
    }

    /// `12 s ago` for a time in seconds since 1970.
    static func ago(_ time: Double?, now: Double = Date().timeIntervalSince1970) -> String {
        guard let time else { return "-" }
        return duration(max(0, now - time)) + " ago"
    }

    /// UTC time stamp, as the JSON writes it (RFC 3339, milliseconds).
    static func time(_ time: Double?) -> String {
        guard let time else { return "-" }
        return Timestamp.text(time)
    }

    /// Columns padded to the widest cell.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
