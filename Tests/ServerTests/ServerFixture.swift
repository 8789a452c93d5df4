import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Operator
import Prometheus
import Server
import ZoneStore

/// The daemon's routes as `dadns serve` builds them (`ServerRouter`), over an in-memory store,
/// served on a loopback port for the length of one test (HummingbirdTesting's live framework,
/// so the failed-login limiter sees a real client address).
struct ServerFixture {
    static let user = BasicCredentials(username: "directdnsonly", password: "secret")
    static let peer = BasicCredentials(username: "peersync", password: "peer-secret")
    static let backends = ["bind"]

    let store: SQLiteZoneStore
    let drain = DrainSwitch()
    /// The per-minute counts the receiver feeds and `/api/activity` and the console read.
    let activity = ActivityHistory(backends: ServerFixture.backends)
    let limiter: LoginFailureLimiter
    let maxBodySize: Int
    /// `app.auth_*`: DirectAdmin and operator.
    let appCredentials: BasicCredentials
    /// Further routes (the console), made from the operator API and the limiter.
    let mounts: @Sendable (StoreOperatorAPI, LoginFailureLimiter) throws -> [any RouterMount]
    /// The reconciler `/status`, `/api/reconciler` and the console read; none by default.
    let reconciler: Reconciler?
    /// The routes' clock (the wall clock unless a test pins it).
    let clock: @Sendable () -> Double
    /// Zones per page of the streamed full listing (`GET /internal/zones`).
    let listingPage: Int

    init(
        maxBodySize: Int = 64 * 1024, limiter: LoginFailureLimiter = LoginFailureLimiter(), appCredentials: BasicCredentials = Self.user,
        mounts: @escaping @Sendable (StoreOperatorAPI, LoginFailureLimiter) throws -> [any RouterMount] = { _, _ in [] },
        reconciler: (SQLiteZoneStore) -> Reconciler? = { _ in nil },
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }, listingPage: Int = 2000
    ) throws {
        self.clock = clock
        self.listingPage = listingPage
        store = try SQLiteZoneStore.inMemory()
        self.reconciler = reconciler(store)
        self.appCredentials = appCredentials
        self.maxBodySize = maxBodySize
        self.limiter = limiter
        self.mounts = mounts
    }

    func router() throws -> Router<DadnsRequestContext> {
        let logger = Logger(label: "server-tests")
        let drain = self.drain
        let reporter = StatusReporter(
            backends: Self.backends.map { .init(name: $0, type: "bind", lane: nil) }, store: store, healer: nil,
            healingIntervalMinutes: nil, reconciler: reconciler, version: "test", startedAt: clock(), clock: clock,
            isDraining: { drain.isDraining }, activity: activity)
        let receiver = ZoneReceiver(
            store: store, reportParentOwner: true, logger: logger, clock: clock, drainSwitch: drain, activity: activity)
        let api = StoreOperatorAPI(reporter: reporter, view: .live)
        return ServerRouter(
            directAdmin: DirectAdminRoutes(receiver: receiver, maxBodySize: maxBodySize),
            operatorRoutes: OperatorRoutes(api: api, registry: PrometheusCollectorRegistry()),
            internalRoutes: InternalRoutes(store: store, logger: logger, listingPage: listingPage, peers: { ["https://peer.example:2222"] }),
            realms: .init(app: appCredentials, peers: Self.peer), limiter: limiter, mounts: try mounts(api, limiter), clock: clock,
            logger: logger
        ).router()
    }

    /// Runs `test` with a client of the routes served on 127.0.0.1.
    func serve<Value: Sendable>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let application = Application(
            router: try router(), configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "dadns"))
        return try await application.test(.live, test)
    }

    /// `Authorization: Basic …` for these credentials.
    static func authorization(_ credentials: BasicCredentials) -> HTTPFields {
        authorization(credentials.username, credentials.password ?? "")
    }

    static func authorization(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    /// A zone as DirectAdmin pushes it.
    static func zone(_ domain: String, serial: Int = 1, address: String = "192.0.2.1") -> ByteBuffer {
        ByteBuffer(string: """



            $TTL 3600
            \(domain).\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). (
            \t\(serial)\t; serial
            \t3600 600 1209600 300 )
            \(domain).\t3600\tIN\tNS\tns1.\(domain).
            ns1\t3600\tIN\tA\t\(address)
            www\t3600\tIN\tA\t\(address)

            """)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension TestClientProtocol {
    /// A DirectAdmin request with the right credentials.
    func directAdmin(_ uri: String, method: HTTPRequest.Method = .post, body: ByteBuffer? = nil) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: ServerFixture.authorization(ServerFixture.user), body: body)
    }

    /// A rawsave of `domain` from `hostname`.
    func rawsave(_ domain: String, hostname: String = "da1.example", serial: Int = 1) async throws -> TestResponse {
        try await directAdmin(
            "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=\(hostname)&username=bob",
            body: ServerFixture.zone(domain, serial: serial))
    }

    /// An operator request with the right credentials.
    func operatorRequest(_ uri: String, method: HTTPRequest.Method = .get) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: ServerFixture.authorization(ServerFixture.user))
    }
}
