import Foundation
import Testing
import ZoneStore

/// Points in time in JSON: RFC 3339 strings in UTC with milliseconds, read back to the same
/// seconds; optional ones left out when absent.
@Suite("Timestamps in JSON")
struct TimestampTests {
    struct Sample: Codable, Equatable {
        @Timestamp var at: Double
        @OptionalTimestamp var seen: Double? = nil
        var seconds: Double
    }

    func json(_ value: Sample) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func writtenAsRFC3339AndReadBack() throws {
        // 2026-12-06T03:04:05.123Z
        let at = 1_796_526_245.123
        let sample = Sample(at: at, seen: 0.5, seconds: 12.5)
        let text = try json(sample)
        #expect(text == #"{"at":"2026-12-06T03:04:05.123Z","seconds":12.5,"seen":"1970-01-01T00:00:00.500Z"}"#)
        let back = try JSONDecoder().decode(Sample.self, from: Data(text.utf8))
        #expect(abs(back.at - at) < 0.001 && back.seen == 0.5 && back.seconds == 12.5)
        // Writing what was read gives the same text: online and offline output agree.
        #expect(try json(back) == text)
    }

    @Test func absentOptionalsAreLeftOutAndReadAsNil() throws {
        let text = try json(Sample(at: 0, seen: nil, seconds: 1))
        #expect(text == #"{"at":"1970-01-01T00:00:00.000Z","seconds":1}"#)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(text.utf8)).seen == nil)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(#"{"at":"1970-01-01T00:00:00Z","seen":null,"seconds":1}"#.utf8)).seen == nil)
    }

    @Test func readsOffsetsAndOldNumbersRefusesJunk() throws {
        let offset = try JSONDecoder().decode(Sample.self, from: Data(#"{"at":"2026-12-06T05:04:05+02:00","seconds":0}"#.utf8))
        #expect(offset.at == 1_796_526_245)
        let number = try JSONDecoder().decode(Sample.self, from: Data(#"{"at":1796526245.5,"seen":7,"seconds":0}"#.utf8))
        #expect(number.at == 1_796_526_245.5 && number.seen == 7)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Sample.self, from: Data(#"{"at":"yesterday","seconds":0}"#.utf8))
        }
        #expect(Timestamp.text(1_796_526_245.9996) == "2026-12-06T03:04:06.000Z")
    }
}
