import DadnsTestKit
import Testing

/// The benchmarks' floor for an HTTP round trip (`dadns-bench latency`): a one-thread server that
/// answers each request in turn and stops listening when stopped.
@Suite("Test kit: the one-thread floor server")
struct FloorHTTPServerTests {
    let request = Array("GET /CMD_API_LOGIN_TEST HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)

    @Test func everyRequestIsAnsweredWithErrorZeroOneAfterAnother() throws {
        let server = try FloorHTTPServer()
        defer { server.stop() }
        for _ in 0..<5 {
            let reply = try RawHTTPClient.send(port: server.port, request: request)
            #expect(reply.status == 200)
            #expect(reply.body == "error=0")
        }
    }

    @Test func afterStopNothingListensOnItsPort() throws {
        let server = try FloorHTTPServer()
        #expect(try RawHTTPClient.send(port: server.port, request: request).status == 200)
        server.stop()
        server.stop()  // a second stop is harmless
        #expect(throws: (any Error).self) { try RawHTTPClient.send(port: server.port, request: request, timeout: 2) }
    }
}
