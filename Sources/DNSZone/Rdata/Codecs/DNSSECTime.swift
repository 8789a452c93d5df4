/// RRSIG signature inception/expiration times (RFC 4034 §3.2): 32-bit counts of seconds since
/// 1970-01-01T00:00:00Z, compared with serial-number arithmetic, written either as
/// `YYYYMMDDHHmmSS` (UTC) or as a plain decimal number of seconds.
enum DNSSECTime {
    /// Parses an RRSIG time field the way BIND 9.18 does.
    ///
    /// Accepted forms:
    /// - one to ten decimal digits: the number of seconds itself, at most 4294967295;
    /// - exactly fourteen digits `YYYYMMDDHHmmSS`, UTC, with year 0000...9999, month 1...12, a
    ///   day that exists in that month (proleptic Gregorian leap years), hour 0...23, minute
    ///   0...59 and second 0...60 (a leap second counts as the first second of the next
    ///   minute). The result is the number of seconds since 1970-01-01T00:00:00Z modulo 2^32,
    ///   so a date outside 1970-01-01T00:00:00Z...2106-02-07T06:28:15Z wraps around
    ///   (`21060207062816` is 0, `19691231235959` is 4294967295), as in BIND.
    ///
    /// Returns nil for anything else (signs, blanks, 11–13 or more than 14 digits, bad ranges).
    static func parse(_ text: some Collection<UInt8>) -> UInt32? {
        var digitCount = 0
        var number: UInt64 = 0
        for byte in text {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10, digitCount < 14 else { return nil }
            number = number &* 10 &+ UInt64(digit)
            digitCount += 1
        }
        if digitCount >= 1 && digitCount <= 10 {
            return number <= UInt64(UInt32.max) ? UInt32(number) : nil
        }
        guard digitCount == 14 else { return nil }

        let year = Int(number / 10_000_000_000)
        let month = Int(number / 100_000_000 % 100)
        let day = Int(number / 1_000_000 % 100)
        let hour = Int(number / 10_000 % 100)
        let minute = Int(number / 100 % 100)
        let second = Int(number % 100)
        guard (1...12).contains(month),
            day >= 1, day <= daysInMonth(month, year: year),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second
        return UInt32(truncatingIfNeeded: seconds)
    }

    /// Formats a time as `YYYYMMDDHHmmSS` (UTC), as BIND prints RRSIG times.
    ///
    /// The value is read as plain seconds since 1970-01-01T00:00:00Z, so every value maps to a
    /// date from 1970 to 2106 and the output does not depend on the clock. BIND instead picks the
    /// date nearest to the current time in serial-number arithmetic; the two agree for every
    /// value before now + 2^31 seconds (today: every date before about 2093) and differ only for
    /// values BIND shows as dates before 1970 (it prints 4294967295 as `19691231235959`, this
    /// prints `21060207062815`). `parse` reads either output back to the same value.
    static func format(_ value: UInt32) -> String {
        let seconds = Int(value)
        let (year, month, day) = civilFromDays(seconds / 86_400)
        let secondOfDay = seconds % 86_400
        let hour = secondOfDay / 3_600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60
        return String(unsafeUninitializedCapacity: 14) { output in
            putTwoDigits(year / 100, into: output, at: 0)
            putTwoDigits(year % 100, into: output, at: 2)
            putTwoDigits(month, into: output, at: 4)
            putTwoDigits(day, into: output, at: 6)
            putTwoDigits(hour, into: output, at: 8)
            putTwoDigits(minute, into: output, at: 10)
            putTwoDigits(second, into: output, at: 12)
            return 14
        }
    }

    @inline(__always)
    private static func putTwoDigits(_ value: Int, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) {
        output[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        output[index + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's algorithms)

    private static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given date (negative before it).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (valid for days >= 0).
    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
