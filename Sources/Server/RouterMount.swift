import Hummingbird

/// Routes another module adds to the daemon's router (the console under `/ui/`), registered
/// after the failed-login limiter, so a blocked address is refused there too.
public protocol RouterMount: Sendable {
    func register(on router: Router<DadnsRequestContext>)
    /// Middleware that must wrap the limiter too (its 429 answers), added before it; applied to
    /// every route and to the not-found answer. None by default.
    func registerOuter(on router: Router<DadnsRequestContext>)
}

extension RouterMount {
    public func registerOuter(on router: Router<DadnsRequestContext>) {}
}
