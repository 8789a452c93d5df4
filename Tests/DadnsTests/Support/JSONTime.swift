import ZoneStore

/// A point in time from `/status` or `/api` JSON: an RFC 3339 string (never a number), as
/// seconds since 1970; nil for anything else.
enum JSONTime {
    static func seconds(_ value: Any?) -> Double? {
        guard let text = value as? String, text.hasSuffix("Z") else { return nil }
        return Timestamp.seconds(text)
    }
}
