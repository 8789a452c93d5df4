import Engine
import Hummingbird
import Logging
import Operator
import Prometheus
import ZoneStore

/// Every route of the daemon on one router: the failed-login limiter in front of all, then a
/// group per Basic-auth realm — DirectAdmin, operator, internal (peers) — and `/health` open.
/// `dadns serve` and the route tests build it the same way.
public struct ServerRouter: Sendable {
    /// Credentials of each realm.
    public struct Realms: Sendable {
        /// `app.auth_*`: DirectAdmin and the operator.
        public var app: BasicCredentials
        /// `peer_sync.auth_*`: peers pulling `/internal`.
        public var peers: BasicCredentials

        public init(app: BasicCredentials, peers: BasicCredentials) {
            self.app = app
            self.peers = peers
        }
    }

    public let directAdmin: DirectAdminRoutes
    public let operatorRoutes: OperatorRoutes
    public let internalRoutes: InternalRoutes
    public let realms: Realms
    public let limiter: LoginFailureLimiter
    /// Further routes with their own authentication (the console).
    public let mounts: [any RouterMount]
    let clock: @Sendable () -> Double
    let logger: Logger

    public init(
        directAdmin: DirectAdminRoutes, operatorRoutes: OperatorRoutes, internalRoutes: InternalRoutes, realms: Realms,
        limiter: LoginFailureLimiter = LoginFailureLimiter(), mounts: [any RouterMount] = [], clock: @escaping @Sendable () -> Double,
        logger: Logger
    ) {
        self.directAdmin = directAdmin
        self.operatorRoutes = operatorRoutes
        self.internalRoutes = internalRoutes
        self.realms = realms
        self.limiter = limiter
        self.mounts = mounts
        self.clock = clock
        self.logger = logger
    }

    public func router() -> Router<DadnsRequestContext> {
        let router = Router(context: DadnsRequestContext.self)
        for mount in mounts { mount.registerOuter(on: router) }
        router.add(middleware: LoginFailureMiddleware(limiter: limiter, clock: clock))
        operatorRoutes.registerOpen(on: router)
        directAdmin.register(on: router.group().add(middleware: BasicAuthMiddleware(credentials: realms.app, realm: .directAdmin)))
        operatorRoutes.register(on: router.group().add(middleware: BasicAuthMiddleware(credentials: realms.app, realm: .operatorAPI)))
        internalRoutes.register(
            on: router.group().add(middleware: BasicAuthMiddleware(credentials: realms.peers, realm: .peers(logger: logger))))
        for mount in mounts { mount.register(on: router) }
        return router
    }
}
