import Logging
import Metrics
import ServiceLifecycle
import ZoneStore

/// Forwards the spool (`SpoolingZoneStore`) to the shared database: every second while it holds
/// changes, backing off to `maximumDelay` while the database does not answer, and logs what
/// became of each change — at warning when the shared store decided against it (a newer change
/// from another node, a foreign owner), with the reason. Keeps the `dadns_spool_depth` gauge.
public struct SpoolForwarder: Service, CustomStringConvertible {
    public var description: String { "spool forwarder" }
    let store: SpoolingZoneStore
    let logger: Logger
    let interval: Duration
    let maximumDelay: Duration
    private let depthGauge = Gauge(label: "dadns_spool_depth")

    public init(store: SpoolingZoneStore, logger: Logger, interval: Duration = .seconds(1), maximumDelay: Duration = .seconds(5)) {
        self.store = store
        self.logger = logger
        self.interval = interval
        self.maximumDelay = maximumDelay
    }

    public func run() async throws {
        if store.spooledCount > 0 {
            logger.notice("spool: \(store.spooledCount) change(s) accepted earlier wait to be forwarded to the shared database")
        }
        try? await cancelWhenGracefulShutdown {
            var delay = interval
            var failures = 0
            while !Task.isCancelled {
                depthGauge.record(store.spooledCount)
                if store.spooledCount == 0 {
                    delay = interval
                    failures = 0
                    try await Task.sleep(for: interval)
                    continue
                }
                let pass = await store.forwardSpooled()
                report(pass)
                depthGauge.record(pass.remaining)
                guard let stop = pass.stoppedBy else {
                    if failures > 0 { logger.notice("spool: the shared database answers again") }
                    failures = 0
                    delay = interval
                    continue
                }
                failures += 1
                if failures == 1 || failures % 60 == 0 {
                    switch stop {
                    case .unreachable(let reason):
                        logger.warning("spool: \(pass.remaining) change(s) wait; the shared database does not answer (\(reason))")
                    case .failed(let reason):
                        logger.error("spool: \(pass.remaining) change(s) wait; forwarding failed (\(reason))")
                    }
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, maximumDelay)
            }
        }
    }

    private func report(_ pass: SpoolForwardPass) {
        for result in pass.results {
            let change = result.change
            let what = "spooled \(change.action) of \(change.domain) from \(change.hostname ?? "?") (accepted \(Timestamp.text(change.acceptedAt)))"
            switch result.outcome {
            case .stored(let generation, let changed):
                logger.info("\(what) forwarded: generation \(generation)\(changed ? "" : " (unchanged)")")
            case .notPresent:
                logger.info("\(what) forwarded: the zone was not present")
            case .alreadyStored:
                logger.info("\(what) was already in the shared store")
            case .superseded(let newer):
                let by = newer.map {
                    "\($0.present ? "save" : "delete") at generation \($0.generation) from \($0.hostname ?? "?") at \(Timestamp.text($0.updatedAt))"
                } ?? "a newer change"
                logger.warning("\(what) not applied: the zone changed after it was accepted (\(by)); the newer change stands")
            case .refused(let owner):
                logger.warning("\(what) not applied: the zone belongs to \(owner), not to the sender")
            }
        }
    }
}
