import DadnsTestKit
import Testing

/// The test and benchmark clients' decoding of `Transfer-Encoding: chunked` bodies (how dadns
/// streams the peer's full listing).
@Suite("Test kit: chunked bodies")
struct ChunkedBodyTests {
    let whole = Array("4;ext=1\r\n[{\"a\r\n0B\r\n\":1},{\"b\":2\r\n2\r\n}]\r\n0\r\n\r\n".utf8)

    @Test func chunksAreJoinedWithoutTheirSizesAndExtensions() {
        #expect(ChunkedBody.decode(whole) == Array("[{\"a\":1},{\"b\":2}]".utf8))
        #expect(ChunkedBody.mayBeComplete(whole))
    }

    @Test func aBodyCutAnywhereBeforeItsEndIsNotYetComplete() {
        for count in 0..<whole.count {
            #expect(ChunkedBody.decode(whole.prefix(count)) == nil, "cut after \(count) bytes")
        }
    }

    @Test func trailersAfterTheLastChunkAreSkipped() {
        let withTrailer = Array("3\r\nabc\r\n0\r\nX-Checksum: 1\r\n\r\n".utf8)
        #expect(ChunkedBody.decode(withTrailer) == Array("abc".utf8))
        #expect(ChunkedBody.decode(Array("zz\r\nabc\r\n0\r\n\r\n".utf8)) == nil, "a size that is not hex")
    }
}
