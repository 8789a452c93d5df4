import Testing
@testable import DNSZone

@Suite("Domain names")
struct DNSNameTests {
    @Test func canonicalOrderFromRFC4034() throws {
        let ordered = [
            "example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.",
            "\\001.z.example.", "*.z.example.", "\\200.z.example.",
        ].map { try! DNSName($0) }
        #expect(ordered.shuffled().sorted() == ordered)
        for (left, right) in zip(ordered, ordered.dropFirst()) { #expect(left < right) }
    }

    @Test func textForms() throws {
        let origin = try DNSName("Example.COM.")
        let name = try DNSName("WWW", origin: origin)
        #expect(name.text == "www.example.com.")
        #expect(name.relativeText(to: origin) == "www")
        #expect(origin.relativeText(to: origin) == "@")
        #expect(try DNSName("a\\.b.example.com.").text == "a\\.b.example.com.")
        #expect(try DNSName("other.net.").relativeText(to: origin) == "other.net.")
        #expect(name.isSubdomain(of: origin) && !origin.isSubdomain(of: name))
        #expect(name.parent == origin)
        #expect(name.labelCount == 3)
    }

    @Test func invalidNames() {
        #expect(throws: DNSNameError.emptyLabel) { try DNSName("a..b.") }
        #expect(throws: DNSNameError.labelTooLong) { try DNSName(String(repeating: "x", count: 64) + ".") }
        #expect(throws: DNSNameError.nameTooLong) {
            try DNSName(Array(repeating: String(repeating: "x", count: 63), count: 4).joined(separator: ".") + ".")
        }
        #expect(throws: DNSNameError.badEscape) { try DNSName("a\\256.") }
        #expect(throws: DNSNameError.relativeWithoutOrigin) { try DNSName("relative") }
    }
}
