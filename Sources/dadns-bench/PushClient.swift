import DadnsTestKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP client that pushes zones as DirectAdmin does: `POST` with the zone as the raw
/// body and no Content-Type, Basic auth. A new connection per request by default (as DirectAdmin
/// does), or one kept-alive connection per client.
final class PushClient {
    private let port: Int
    private let authorization: String
    private let keepAlive: Bool
    private var connection: Int32 = -1

    init(port: Int, username: String, password: String, keepAlive: Bool) {
        self.port = port
        authorization = "Basic " + Base64Text.encode(Array("\(username):\(password)".utf8))
        self.keepAlive = keepAlive
    }

    deinit { if connection >= 0 { close(connection) } }

    /// Sends one request; returns the HTTP status and the body.
    func send(method: String, target: String, body: [UInt8]) throws -> (status: Int, body: String) {
        let reply = try request(method: method, target: target, body: body)
        return (reply.status, reply.body)
    }

    /// Sends one request with more header lines (`Name: value`); returns the whole reply.
    func request(method: String, target: String, body: [UInt8], headers: [String] = []) throws -> Reply {
        if connection < 0 { connection = try Self.connect(port: port) }
        defer {
            if !keepAlive { close(connection); connection = -1 }
        }
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: \(authorization)\r\n"
        request += "Content-Length: \(body.count)\r\n"
        for header in headers { request += header + "\r\n" }
        if !keepAlive { request += "Connection: close\r\n" }
        request += "\r\n"
        do {
            try writeAll(Array(request.utf8) + body)
            return try readResponse()
        } catch {
            close(connection)
            connection = -1
            throw error
        }
    }

    private static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw BenchError("connect to 127.0.0.1:\(port): \(reason)")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw BenchError("send: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// One response: status, header lines (`name`, lower case, and value) and body.
    struct Reply {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: String
        /// The time a benchmark counts for this reply, when not the whole call's.
        var elapsed: Double? = nil

        /// The values of header `name` (lower case).
        func values(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
    }

    /// Reads the status line, headers and a Content-Length or chunked body.
    private func readResponse() throws -> Reply {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        var headerEnd: Int?
        var contentLength = 0
        var chunked = false
        var status = 0
        var headers: [(name: String, value: String)] = []
        while true {
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: received) {
                headerEnd = end + 4
                let head = String(decoding: received[..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n")
                status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
                for line in lines.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2 {
                        headers.append((parts[0].lowercased(), parts[1].trimmingCharacters(in: .whitespaces)))
                    }
                    if parts.count == 2, parts[0].lowercased() == "transfer-encoding" {
                        chunked = parts[1].lowercased().contains("chunked")
                    }
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(String(parts[1].filter { $0 != " " && $0 != "\t" })) ?? 0
                    }
                }
            }
            if let headerEnd, chunked {
                // A streamed answer (the peer listing): complete once its last chunk is in.
                if ChunkedBody.mayBeComplete(received), let body = ChunkedBody.decode(received[headerEnd...]) {
                    return Reply(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
                }
            } else if let headerEnd, received.count >= headerEnd + contentLength {
                return Reply(status: status, headers: headers, body: String(decoding: received[headerEnd..<(headerEnd + contentLength)], as: UTF8.self))
            }
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw BenchError("connection closed before the whole response") }
            received.append(contentsOf: buffer[0..<count])
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}

/// Standard base64 (for the Basic authorization header).
enum Base64Text {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                output.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
