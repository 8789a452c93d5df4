import Foundation

/// A point in time, held as seconds since 1970 and written in JSON as an RFC 3339 string in UTC
/// with milliseconds (`"2026-12-06T03:04:05.123Z"`), so `/status`, `/api/…` and `--json` output
/// reads as a time, not a number. Reading accepts that form, any RFC 3339 offset, and a plain
/// number (documents written before times became strings).
///
/// Mark a stored time with `@Timestamp var at: Double` (or `@OptionalTimestamp var at: Double? = nil`);
/// code keeps using the `Double`. Durations stay plain numbers.
@propertyWrapper
public struct Timestamp: Sendable, Hashable, Codable {
    public var wrappedValue: Double

    public init(wrappedValue: Double) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            wrappedValue = seconds
            return
        }
        let text = try container.decode(String.self)
        guard let seconds = Self.seconds(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text.prefix(40))")
        }
        wrappedValue = seconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.text(wrappedValue))
    }

    /// `2026-12-06T03:04:05.123Z` for seconds since 1970 (to the nearest millisecond).
    public static func text(_ seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded())
        var whole = time_t(milliseconds.quotientRoundingDown(1000))
        var parts = tm()
        gmtime_r(&whole, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(milliseconds - milliseconds.quotientRoundingDown(1000) * 1000), 3))Z"
    }

    /// Seconds since 1970 for an RFC 3339 time (fractional seconds optional), nil when it is not one.
    public static func seconds(_ text: String) -> Double? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let without = Date.ISO8601FormatStyle()
        guard let date = (try? withFraction.parse(text)) ?? (try? without.parse(text)) else { return nil }
        return date.timeIntervalSince1970
    }
}

/// `Timestamp` for an optional time: absent (nil) is left out of the JSON, as a plain optional is.
@propertyWrapper
public struct OptionalTimestamp: Sendable, Hashable, Codable {
    public var wrappedValue: Double?

    public init(wrappedValue: Double?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Timestamp.self).wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(Timestamp(wrappedValue: wrappedValue)) } else { try container.encodeNil() }
    }
}

// Synthesized Codable calls these for `@OptionalTimestamp` properties: a missing key reads as nil,
// and nil is not written (instead of `null`).
extension KeyedDecodingContainer {
    public func decode(_ type: OptionalTimestamp.Type, forKey key: Key) throws -> OptionalTimestamp {
        OptionalTimestamp(wrappedValue: try decodeIfPresent(Timestamp.self, forKey: key)?.wrappedValue)
    }
}

extension KeyedEncodingContainer {
    public mutating func encode(_ value: OptionalTimestamp, forKey key: Key) throws {
        if let seconds = value.wrappedValue { try encode(Timestamp(wrappedValue: seconds), forKey: key) }
    }
}

extension Int64 {
    fileprivate func quotientRoundingDown(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
