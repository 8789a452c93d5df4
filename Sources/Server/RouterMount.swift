import Hummingbird

/// Routes another module adds to the daemon's router (the console under `/ui/`), registered
/// after the failed-login limiter, so a blocked address is refused there too.
public protocol RouterMount: Sendable {
    func register(on router: Router<DadnsRequestContext>)
}
