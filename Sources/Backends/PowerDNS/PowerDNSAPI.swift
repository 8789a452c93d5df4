import AsyncHTTPClient
import Foundation
import HTTPClientKit
import NIOCore
import NIOHTTP1
import NIOSSL

/// The PowerDNS HTTP API of one server, over one `HTTPClient` that `with(_:_:)` shuts down after
/// use. Every request carries `X-API-Key` and has the configured time limit; the key never
/// appears in an error.
struct PowerDNSAPI: Sendable {
    /// The `account` dadns gives the zones it creates: how it tells its zones from others'.
    static let account = "dadns"
    /// Largest answer read (a listing of 100,000 zones stays far below).
    static let maxAnswer = 256 << 20
    /// PowerDNS's smallest `webserver-max-bodysize` (1 MB): a refused or cut-off request at least
    /// this big is taken for a body over the limit.
    static let smallestBodyLimit = 1 << 20

    let settings: PowerDNSSettings
    /// `dns.backends.<name>.api_key`, for the error when the key is refused.
    let keyPath: String
    let http: HTTPClient
    /// One change at a time (see `WriteGate`).
    let writes = WriteGate()

    /// Runs `body` with the API of `settings`, the HTTP client shut down afterwards.
    static func with<T: Sendable>(
        _ settings: PowerDNSSettings, keyPath: String, _ body: (PowerDNSAPI) async throws -> T
    ) async throws -> T {
        try await client(settings).shutDownAfter { http in
            try await body(PowerDNSAPI(settings: settings, keyPath: keyPath, http: http))
        }
    }

    /// A client without redirects, with the time limit on connect and reads, and the TLS settings.
    static func client(_ settings: PowerDNSSettings) throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let limit = TimeAmount.milliseconds(Int64(settings.timeout * 1000))
        configuration.timeout = .init(connect: limit, read: limit)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.parallelRequests
        // A refused connection fails at once (the lane retries), instead of being retried until the time limit.
        configuration.connectionPool.retryConnectionEstablishment = false
        if !settings.verifyCertificates || settings.caFile != nil {
            var tls = TLSConfiguration.makeClientConfiguration()
            if !settings.verifyCertificates { tls.certificateVerification = .none }
            if let caFile = settings.caFile { tls.trustRoots = .file(caFile) }
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// An answer: status and body.
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]

        /// PowerDNS's `error` text, else the body as text (cut short).
        var message: String {
            if let decoded = try? JSONDecoder().decode(PowerDNSErrorBody.self, from: Data(body)) { return decoded.error }
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? "no message" : text
        }

        var isJSON: Bool { body.first == UInt8(ascii: "{") || body.first == UInt8(ascii: "[") }
    }

    /// One request to `serverURL + path`; 401/403 and a body refused for its size are thrown.
    /// Requests that change something go through `writes`, one at a time.
    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) async throws -> Answer {
        guard method == .GET else { return try await writes.run { try await exchange(method, path, body: body) } }
        return try await exchange(method, path, body: body)
    }

    private func exchange(_ method: HTTPMethod, _ path: String, body: [UInt8]?) async throws -> Answer {
        var request = HTTPClientRequest(url: settings.serverURL + path)
        request.method = method
        request.headers.add(name: "X-API-Key", value: settings.apiKey)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let sent = body?.count ?? 0
        let answer: Answer
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(settings.timeout * 1000)))
            let collected = try await response.body.collect(upTo: Self.maxAnswer)
            answer = Answer(status: Int(response.status.code), body: Array(buffer: collected))
        } catch {
            throw Self.classify(error, sent: sent)
        }
        if answer.status == 401 || answer.status == 403 { throw PowerDNSError.keyRefused(status: answer.status, keyPath: keyPath) }
        // PowerDNS 4.7 answers a body over webserver-max-bodysize with a plain "400 Bad Request"
        // (its JSON errors are 422); others say 413.
        if answer.status == 413 || (answer.status == 400 && !answer.isJSON && sent >= Self.smallestBodyLimit) {
            throw PowerDNSError.bodyTooLarge(bytes: sent, answer: "HTTP \(answer.status) \(answer.message)")
        }
        return answer
    }

    /// What a failed exchange was.
    static func classify(_ error: any Error, sent: Int) -> PowerDNSError {
        if let error = error as? PowerDNSError { return error }
        if let error = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            return .unreachable("no answer in time (\(error))")
        }
        if error is NIOTooManyBytesError { return .garbage("answer larger than \(maxAnswer) bytes") }
        if error is NIOSSLError || error is BoringSSLError {
            return .unreachable("TLS: \(error) (check tls_ca_file, or tls_verify)")
        }
        // A server that stops reading a body over its limit closes the connection mid-upload.
        if sent >= smallestBodyLimit { return .bodyTooLarge(bytes: sent, answer: "connection closed: \(error)") }
        return .unreachable("\(error)")
    }

    /// `body` as JSON bytes.
    static func json(_ body: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(body))
    }

    /// Decodes an answer's body.
    static func decode<T: Decodable>(_ type: T.Type, _ answer: Answer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(answer.body))
        } catch {
            throw PowerDNSError.garbage("HTTP \(answer.status), not the JSON expected: \(answer.message)")
        }
    }

    /// An answer other than `expected` as the error it is.
    static func check(_ answer: Answer, _ expected: Set<Int>) throws {
        guard !expected.contains(answer.status) else { return }
        throw PowerDNSError.rejected(status: answer.status, message: answer.message)
    }

    // MARK: Calls

    /// `GET /servers/<id>`: the server's description (what the doctor checks).
    func server() async throws -> [String: String] {
        let answer = try await send(.GET, "")
        try Self.check(answer, [200])
        let object = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? String }
    }

    /// `GET /zones/<id>` with its RRsets; nil when PowerDNS has no such zone.
    func zone(_ domain: String, rrsets: Bool = true) async throws -> PowerDNSZoneInfo? {
        let answer = try await send(.GET, "/zones/\(PowerDNSZoneID.of(domain))" + (rrsets ? "" : "?rrsets=false"))
        if answer.status == 404 { return nil }
        try Self.check(answer, [200])
        return try Self.decode(PowerDNSZoneInfo.self, answer)
    }

    /// `GET /zones`: every zone, without RRsets.
    func zones() async throws -> [PowerDNSZoneInfo] {
        let answer = try await send(.GET, "/zones")
        try Self.check(answer, [200])
        return try Self.decode([PowerDNSZoneInfo].self, answer)
    }

    /// `POST /zones`.
    func create(_ zone: PowerDNSNewZone) async throws {
        try Self.check(try await send(.POST, "/zones", body: try Self.json(zone)), [201, 204])
    }

    /// Attempts of a PATCH that PowerDNS answers with 500.
    static let patchAttempts = 6

    /// `PATCH /zones/<id>`: the RRsets changed in one transaction. A 500 is tried again, up to
    /// `patchAttempts` times, after a short growing pause: with gsqlite3, a PATCH beside other
    /// requests can fail with "database is locked" (SQLite's lock upgrade; 63 of 100 parallel
    /// PATCHes here), and PowerDNS rolls the failed one back, so trying it again is safe.
    func patch(_ domain: String, _ rrsets: [PowerDNSRRset]) async throws {
        let body = try Self.json(PowerDNSPatch(rrsets: rrsets))
        var attempt = 1
        while true {
            let answer = try await send(.PATCH, "/zones/\(PowerDNSZoneID.of(domain))", body: body)
            guard answer.status == 500, attempt < Self.patchAttempts else { return try Self.check(answer, [204]) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...20) << attempt))
            attempt += 1
        }
    }

    /// An empty `PATCH`: changes nothing, but PowerDNS purges its packet and query caches of the
    /// zone's names after every PATCH. Needed after a `POST`, which purges nothing (a REFUSED
    /// cached for a name before its zone existed would be served for up to `cache-ttl` seconds),
    /// and after a PATCH that changed records: PowerDNS's own purge races with queries in flight,
    /// which put the old answer back in the cache (measured with 4.7 under a query load: 7 of 60
    /// SOA changes still served the old serial 0.2 s later; none with this second purge).
    func purgeCaches(_ domain: String) async throws {
        try await patch(domain, [])
    }

    /// `PUT /zones/<id>` of the zone's kind (settings only, never records).
    func setKind(_ domain: String, _ kind: String) async throws {
        let body = try Self.json(PowerDNSZoneKind(kind: kind))
        try Self.check(try await send(.PUT, "/zones/\(PowerDNSZoneID.of(domain))", body: body), [204])
    }

    /// `DELETE /zones/<id>`; a zone already gone is fine.
    func delete(_ domain: String) async throws {
        try Self.check(try await send(.DELETE, "/zones/\(PowerDNSZoneID.of(domain))"), [204, 404])
    }
}
