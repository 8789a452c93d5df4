import ZoneStore

extension StatusDocument {
    /// The served-state probe (`probe.*`, docs/operations.md): `disabled` when no backend names a
    /// `dns_address`, `enabled`, or `degraded` while the latest results hold zones that are not
    /// served. Counts per backend and state by the latest result of each zone (a full pass, or
    /// `dadns probe` since); a sample of the zones that are not served.
    public struct Probe: Sendable, Codable, Equatable {
        public struct Backend: Sendable, Codable, Equatable {
            public var name: String
            /// Where its server is asked.
            public var address: String
            @OptionalTimestamp public var lastPass: Double? = nil
            public var lastPassSeconds: Double?
            public var lastError: String?
            public var served: Int
            public var stale: Int
            public var missing: Int
            public var unanswered: Int
        }

        public var status: String
        /// Minutes between passes; 0: only `dadns probe` runs one.
        public var intervalMinutes: Double?
        /// When the last pass over every backend finished.
        @OptionalTimestamp public var lastRun: Double? = nil
        public var passes: Int?
        public var backends: [Backend]?
        /// Up to 20 zones that are not served, with what was found.
        public var notServed: [ProbeResult]?

        public init(status: String) { self.status = status }
    }
}

extension StatusReporter {
    /// The probe's section; zones that are not served are added to `reasons`.
    func probeSection(reasons: inout [String]) async -> StatusDocument.Probe {
        guard let probe, !probe.targets.isEmpty else { return .init(status: "disabled") }
        let overview = await probe.overview()
        var section = StatusDocument.Probe(status: "enabled")
        section.intervalMinutes = probe.settings.intervalMinutes
        section.lastRun = overview.lastRun
        section.passes = overview.passes
        section.notServed = overview.notServed
        section.backends = overview.backends
        for backend in overview.backends where backend.stale + backend.missing + backend.unanswered > 0 {
            section.status = "degraded"
            reasons.append(
                "\(backend.name): the probe found \(backend.stale) zone(s) stale, \(backend.missing) missing and \(backend.unanswered) unanswered at \(backend.address) (dadns probe --backend \(backend.name) asks again)")
        }
        return section
    }
}
