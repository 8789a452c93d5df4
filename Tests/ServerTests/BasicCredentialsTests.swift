import Foundation
import Server
import Testing

/// The Authorization header's credentials: blanks around the base64 text are ignored exactly as
/// Foundation's `trimmingCharacters(in: .whitespaces)` ignores them (spaces, tabs, Unicode space
/// separators), and nothing else is.
@Suite("Basic credentials")
struct BasicCredentialsTests {
    let credentials = BasicCredentials(username: "directdnsonly", password: "secret")
    let encoded = Data("directdnsonly:secret".utf8).base64EncodedString()

    @Test func blanksAroundTheTokenAreIgnoredAsFoundationTrimsThem() {
        for padding in ["", " ", "  \t", "\u{00A0}", "\u{2003} \t", "\u{3000}"] {
            let header = "Basic " + padding + encoded + padding
            #expect(credentials.accept(header), "padding \(padding.unicodeScalars.map { $0.value })")
            let trimmed = String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            #expect(trimmed == encoded)
        }
        #expect(credentials.accept("bAsIc " + encoded))
    }

    @Test func otherCharactersAroundTheTokenAreNotTrimmed() {
        for padding in ["\n", "\r\n", "x", "\u{200B}"] {
            #expect(!credentials.accept("Basic " + encoded + padding), "padding \(padding.unicodeScalars.map { $0.value })")
        }
        #expect(!credentials.accept("Basic " + "   "))
        #expect(!credentials.accept("Basic"))
        #expect(!credentials.accept(nil))
        #expect(!BasicCredentials(username: "directdnsonly", password: nil).accept("Basic " + encoded))
    }
}
