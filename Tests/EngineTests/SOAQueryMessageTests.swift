import Testing
@testable import Engine

/// The probe's wire format: the query it sends and the answers it accepts.
@Suite("SOA query wire format")
struct SOAQueryMessageTests {
    /// `example.com. SOA` answered with authority: the answer's owner, MNAME and RNAME compressed
    /// against the question, as servers write them.
    static func answer(id: UInt16 = 0x1234, flags: UInt16 = 0x8400, question: [UInt8]? = nil, serial: UInt32 = 2_026_120_601) -> [UInt8] {
        let name: [UInt8] = [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]
        var message: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), UInt8(flags >> 8), UInt8(flags & 0xFF), 0, 1, 0, 1, 0, 0, 0, 0]
        message += (question ?? name) + [0, 6, 0, 1]
        var rdata: [UInt8] = [3] + Array("ns1".utf8) + [0xC0, 12]
        rdata += [10] + Array("hostmaster".utf8) + [0xC0, 12]
        rdata += [UInt8(serial >> 24), UInt8((serial >> 16) & 0xFF), UInt8((serial >> 8) & 0xFF), UInt8(serial & 0xFF)]
        rdata += [0, 0, 14, 16, 0, 0, 3, 132, 0, 18, 117, 0, 0, 0, 1, 44]
        message += [0xC0, 12, 0, 6, 0, 1, 0, 0, 1, 44, 0, UInt8(rdata.count)] + rdata
        return message
    }

    @Test func theQueryAsksForTheSOAWithoutRecursionAndOffersEDNS() throws {
        let query = try #require(SOAQueryMessage.query(id: 0xBEEF, zone: "Example.COM."))
        #expect(Array(query[0..<12]) == [0xBE, 0xEF, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], "id, RD=0, one question, one additional (OPT)")
        let name: [UInt8] = [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]
        #expect(Array(query[12..<(12 + name.count)]) == name, "lower-cased labels")
        #expect(Array(query[(12 + name.count)...]) == [0, 6, 0, 1] + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0])
        #expect(SOAQueryMessage.query(id: 1, zone: String(repeating: "a", count: 64) + ".com") == nil, "a label over 63 bytes")
    }

    @Test func anAuthoritativeAnswerWithCompressedNamesGivesTheSerial() throws {
        let answer = try SOAQueryMessage.answer(Self.answer(), id: 0x1234, zone: "example.com")
        #expect(answer == .init(rcode: 0, authoritative: true, truncated: false, serial: 2_026_120_601))
        let upper = try SOAQueryMessage.answer(
            Self.answer(question: [7] + Array("EXAMPLE".utf8) + [3] + Array("Com".utf8) + [0]), id: 0x1234, zone: "example.com")
        #expect(upper.serial == 2_026_120_601, "names compare without case")
        let notAuthoritative = try SOAQueryMessage.answer(Self.answer(flags: 0x8000), id: 0x1234, zone: "example.com")
        #expect(!notAuthoritative.authoritative)
    }

    @Test func anAnswerToAnotherQueryIsRefused() {
        #expect(throws: SOAQueryMessage.Mismatch.wrongID) { try SOAQueryMessage.answer(Self.answer(id: 0x1235), id: 0x1234, zone: "example.com") }
        #expect(throws: SOAQueryMessage.Mismatch.otherQuestion) { try SOAQueryMessage.answer(Self.answer(), id: 0x1234, zone: "example.org") }
        #expect(throws: SOAQueryMessage.Mismatch.notAResponse) {
            try SOAQueryMessage.answer(Self.answer(flags: 0x0400), id: 0x1234, zone: "example.com")
        }
    }

    @Test func everyTruncationOfAnAnswerIsRefusedWithoutReadingPastIt() {
        let whole = Self.answer()
        for length in 0..<whole.count {
            #expect(throws: SOAQueryMessage.Mismatch.self, "cut at \(length) of \(whole.count)") {
                try SOAQueryMessage.answer(Array(whole[0..<length]), id: 0x1234, zone: "example.com")
            }
        }
    }

    @Test func aCompressionPointerThatDoesNotPointBackIsRefused() {
        var looped = Self.answer()
        // The answer's owner points at itself.
        let owner = 12 + 13 + 4
        looped[owner + 1] = UInt8(owner)
        #expect(throws: SOAQueryMessage.Mismatch.badName) { try SOAQueryMessage.answer(looped, id: 0x1234, zone: "example.com") }
    }

    @Test func aRefusalWithoutTheQuestionIsAnAnswer() throws {
        let refused: [UInt8] = [0x12, 0x34, 0x80, 0x05, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(try SOAQueryMessage.answer(refused, id: 0x1234, zone: "example.com") == .init(
            rcode: 5, authoritative: false, truncated: false, serial: nil))
        let noErrorWithoutQuestion: [UInt8] = [0x12, 0x34, 0x84, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: SOAQueryMessage.Mismatch.otherQuestion) {
            try SOAQueryMessage.answer(noErrorWithoutQuestion, id: 0x1234, zone: "example.com")
        }
    }

    @Test func answersAreClassifiedAsTheProbeReportsThem() {
        func state(_ outcome: SOAQueryExchange.Outcome) -> String {
            let (state, served, detail) = ProbeResult.classify(outcome, wanted: 7)
            return ProbeResult(backend: "b", zone: "z", state: state, servedSerial: served, wantedSerial: 7, detail: detail, at: 0).summary
        }
        #expect(state(.answered(.init(rcode: 0, authoritative: true, truncated: false, serial: 7))) == "served")
        #expect(state(.answered(.init(rcode: 0, authoritative: true, truncated: false, serial: 6))) == "stale (serial 6, want 7)")
        #expect(state(.answered(.init(rcode: 0, authoritative: false, truncated: false, serial: 7))) == "stale (serial 7, want 7, not authoritative)")
        #expect(state(.answered(.init(rcode: 5, authoritative: false, truncated: false, serial: nil))) == "missing (REFUSED)")
        #expect(state(.answered(.init(rcode: 3, authoritative: true, truncated: false, serial: nil))) == "missing (NXDOMAIN)")
        #expect(state(.answered(.init(rcode: 0, authoritative: true, truncated: false, serial: nil))) == "missing (no SOA in the answer)")
        #expect(state(.unanswered) == "unanswered")
    }
}
