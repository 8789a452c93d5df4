import AsyncHTTPClient
import Foundation
import HTTPClientKit
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The running daemon's operator API over HTTP (`/status`, `/api/…`), with Basic credentials:
/// the CLI's `OperatorAPI` while a daemon answers. TLS certificates are not verified on
/// loopback, where the daemon's certificate names a public host, not 127.0.0.1.
public struct DaemonClient: Sendable {
    public let baseURL: String
    let authorization: String
    let verifyCertificates: Bool

    /// A client of the daemon at `baseURL` (`https://127.0.0.1:2222`).
    public init(baseURL: String, username: String, password: String) {
        self.baseURL = baseURL
        authorization = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        let loopback = ["127.0.0.1", "[::1]", "localhost"].contains { baseURL.contains("://\($0)") }
        verifyCertificates = !loopback
    }

    /// The daemon is not running (nothing listens): the CLI reads the store instead.
    public struct Unreachable: Error {}

    /// An answer that is not 2xx.
    public struct Refused: Error, CustomStringConvertible {
        public var status: UInt
        public var body: String
        public var description: String { "the daemon answered \(status): \(body.trimmingCharacters(in: .whitespacesAndNewlines))" }
    }

    public func get(_ path: String) async throws -> Data { try await send(.GET, path) }
    public func post(_ path: String) async throws -> Data { try await send(.POST, path) }
    /// A POST whose answer may take up to `seconds` (a probe of many zones).
    public func post(_ path: String, waitingUpTo seconds: Int64) async throws -> Data { try await send(.POST, path, waiting: seconds) }

    private func send(_ method: NIOHTTP1.HTTPMethod, _ path: String, waiting seconds: Int64 = 120) async throws -> Data {
        var configuration = HTTPClient.Configuration()
        if !verifyCertificates {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
        }
        configuration.timeout = .init(connect: .seconds(2), read: .seconds(seconds))
        return try await HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration).shutDownAfter { client in
            try await exchange(client, method, path, waiting: seconds)
        }
    }

    private func exchange(_ client: HTTPClient, _ method: NIOHTTP1.HTTPMethod, _ path: String, waiting seconds: Int64) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: authorization)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(seconds))
        } catch {
            if Self.isNotListening(error) { throw Unreachable() }
            throw error
        }
        let body = try await response.body.collect(upTo: 64 << 20)
        let data = Data(buffer: body)
        guard (200..<300).contains(response.status.code) else {
            throw Refused(status: response.status.code, body: String(decoding: data, as: UTF8.self))
        }
        return data
    }

    /// Connection refused or no answer to the connect: nothing is listening.
    static func isNotListening(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED { return true }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.allSatisfy { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
        }
        return false
    }
}
