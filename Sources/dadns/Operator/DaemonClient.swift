import AsyncHTTPClient
import DadnsConfiguration
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The CLI's way to the running daemon's operator API (`/status`, `/api/…`), with the
/// configured credentials. TLS certificates are not verified on loopback, where the daemon's
/// certificate names a public host, not 127.0.0.1.
struct DaemonClient {
    let baseURL: String
    let authorization: String
    let verifyCertificates: Bool

    init(config: AppConfig, url: String?) {
        let tls = config.server.tlsEnabled
        var host = config.server.listenAddress
        if host == "0.0.0.0" || host == "::" || host.isEmpty { host = "127.0.0.1" }
        if host.contains(":") { host = "[\(host)]" }
        let base = url ?? "\(tls ? "https" : "http")://\(host):\(config.listenPort)"
        baseURL = base
        let credentials = "\(config.server.authUsername):\(config.server.authPassword ?? "")"
        authorization = "Basic " + Data(credentials.utf8).base64EncodedString()
        let loopback = ["127.0.0.1", "[::1]", "localhost"].contains { base.contains("://\($0)") }
        verifyCertificates = !loopback
    }

    /// The daemon is not running (nothing listens): the CLI reads the store instead.
    struct Unreachable: Error {}

    /// An answer that is not 2xx.
    struct Refused: Error, CustomStringConvertible {
        var status: UInt
        var body: String
        var description: String { "the daemon answered \(status): \(body.trimmingCharacters(in: .whitespacesAndNewlines))" }
    }

    func get(_ path: String) async throws -> Data { try await send(.GET, path) }
    func post(_ path: String) async throws -> Data { try await send(.POST, path) }

    private func send(_ method: NIOHTTP1.HTTPMethod, _ path: String) async throws -> Data {
        var configuration = HTTPClient.Configuration()
        if !verifyCertificates {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
        }
        configuration.timeout = .init(connect: .seconds(2), read: .seconds(120))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let data = try await exchange(client, method, path)
            try? await client.shutdown()
            return data
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func exchange(_ client: HTTPClient, _ method: NIOHTTP1.HTTPMethod, _ path: String) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: authorization)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(120))
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
