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

    public let port: Int
    let listener: Int32
    let lock = NSLock()
    var answers: [String: Answer] = [:]
    var received: [String] = []
    var stopped = false

    public var url: String { "http://127.0.0.1:\(port)" }

    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw NamedServer.Failure("socket failed") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound, listen(listener, 64) == 0 else {
            close(listener)
            throw NamedServer.Failure("cannot listen on 127.0.0.1")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Answers `target` (path and query as requested, e.g. `/internal/zones?domain=a.example`).
    public func answer(_ target: String, status: Int = 200, body: String) {
        lock.withLock { answers[target] = Answer(status: status, body: body) }
    }

    /// The targets requested so far.
    public var requests: [String] { lock.withLock { received } }

    public func stop() {
        let already = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !already else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            Thread { [self] in
                serve(client)
                close(client)
            }.start()
        }
    }

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
