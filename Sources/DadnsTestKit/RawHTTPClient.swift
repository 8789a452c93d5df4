import Foundation

/// Sends one HTTP request over a plain socket, byte for byte as given — the way old DirectAdmin
/// builds do (HTTP/1.0, upper-case header names, no User-Agent, no Content-Type) — and reads the
/// reply to the end.
public enum RawHTTPClient {
    public struct Reply: Sendable {
        public var status: Int
        public var headers: String
        public var body: String
    }

    public static func send(port: Int, request: [UInt8], timeout: Int = 10) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw NamedServer.Failure("socket failed") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw NamedServer.Failure("cannot connect to port \(port)") }
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { Foundation.send(fd, $0.baseAddress! + sent, request.count - sent, 0) }
            guard count > 0 else { throw NamedServer.Failure("send failed") }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        if isChunked(head) {
            // A streamed answer (the peer listing) has no Content-Length: its chunks are decoded.
            let bodyStart = head.utf8.count + 4
            guard let body = ChunkedBody.decode(response.dropFirst(bodyStart)) else {
                throw NamedServer.Failure("chunked body cut short after \(response.count - bodyStart) bytes")
            }
            return Reply(status: status, headers: head, body: String(decoding: body, as: UTF8.self))
        }
        return Reply(status: status, headers: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// Whether the header block says `Transfer-Encoding: chunked`.
    static func isChunked(_ head: String) -> Bool {
        head.split(separator: "\r\n").contains { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "transfer-encoding" && parts[1].lowercased().contains("chunked")
        }
    }

    /// A request as DirectAdmin writes it.
    public static func directAdminRequest(method: String, target: String, user: String, password: String, body: String) -> [UInt8] {
        let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
        var text = "\(method) \(target) HTTP/1.0\r\nHOST: 127.0.0.1\r\nAUTHORIZATION: Basic \(credentials)\r\n"
        if method == "POST" { text += "CONTENT-LENGTH: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        return Array(text.utf8)
    }
}
