import Foundation

/// A stand-in for a misbehaving peer `dadns`: a real HTTP server on 127.0.0.1 answering each
/// path (with its query) from a table the test sets, and 404 otherwise; records every request.
/// Stop it with `stop()`.
public final class FakePeer: @unchecked Sendable {
    /// One canned answer.
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
        public init(status: Int = 200, body: String) {
            self.status = status
            self.body = body
        }
    }

    private let acceptor: LoopbackAcceptor
    let lock = NSLock()
    var answers: [String: Answer] = [:]
    var received: [String] = []

    public var port: Int { acceptor.port }
    public var url: String { "http://127.0.0.1:\(port)" }

    public init() throws {
        acceptor = try LoopbackAcceptor()
        acceptor.start(threadPerConnection: true) { [self] in serve($0) }
    }

    /// Answers `target` (path and query as requested, e.g. `/internal/zones?domain=a.example`).
    public func answer(_ target: String, status: Int = 200, body: String) {
        lock.withLock { answers[target] = Answer(status: status, body: body) }
    }

    /// The targets requested so far.
    public var requests: [String] { lock.withLock { received } }

    public func stop() { acceptor.stop() }

    deinit { stop() }

    private func serve(_ fd: Int32) {
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard let request = HTTPRequestReader.read(fd) else { return }
        let query = request.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let target = request.path + (query.isEmpty ? "" : "?" + query)
        let answer = lock.withLock {
            received.append(target)
            return answers[target] ?? Answer(status: 404, body: "{\"error\": \"not found\"}")
        }
        HTTPRequestReader.write(fd, FakeDirectAdmin.Reply.text(answer.status, answer.body, type: "application/json"))
    }
}
