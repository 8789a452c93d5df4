import ZoneStore

/// What a backend's DNS server serves for one zone, as the served-state probe found it.
public struct ProbeResult: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// An authoritative answer with the stored zone's serial.
        case served
        /// Another serial, or an answer without the AA flag: the server holds an old copy.
        case stale
        /// Refused, NXDOMAIN, SERVFAIL, NOTAUTH or no SOA: the server does not serve the zone.
        case missing
        /// No answer after every retry: the server may be down (healing and the lanes see to that).
        case unanswered
    }

    public var backend: String
    public var zone: String
    public var state: State
    /// The serial the server answered with.
    public var servedSerial: UInt32?
    /// The stored zone's serial.
    public var wantedSerial: UInt32
    /// The response code when it was not NOERROR, or `not authoritative`.
    public var detail: String?
    /// When the server was asked.
    @Timestamp public var at: Double

    public init(
        backend: String, zone: String, state: State, servedSerial: UInt32?, wantedSerial: UInt32, detail: String?, at: Double
    ) {
        self.backend = backend
        self.zone = zone
        self.state = state
        self.servedSerial = servedSerial
        self.wantedSerial = wantedSerial
        self.detail = detail
        self.at = at
    }

    /// `served`, `stale (serial 3, want 4)`, `missing (REFUSED)`, `unanswered`.
    public var summary: String {
        switch state {
        case .served: return "served"
        case .stale:
            return "stale (serial \(servedSerial.map(String.init) ?? "?"), want \(wantedSerial)" + (detail.map { ", \($0)" } ?? "") + ")"
        case .missing: return "missing" + (detail.map { " (\($0))" } ?? "")
        case .unanswered: return "unanswered" + (detail.map { " (\($0))" } ?? "")
        }
    }

    /// The state of `outcome` for a zone whose stored serial is `wanted`.
    static func classify(_ outcome: SOAQueryExchange.Outcome, wanted: UInt32) -> (State, served: UInt32?, detail: String?) {
        guard case .answered(let answer) = outcome else { return (.unanswered, nil, nil) }
        guard answer.rcode == 0 else { return (.missing, nil, rcodeName(answer.rcode)) }
        guard let serial = answer.serial else { return (.missing, nil, "no SOA in the answer") }
        guard answer.authoritative else { return (.stale, serial, "not authoritative") }
        return (serial == wanted ? .served : .stale, serial, nil)
    }

    static func rcodeName(_ rcode: Int) -> String {
        switch rcode {
        case 1: return "FORMERR"
        case 2: return "SERVFAIL"
        case 3: return "NXDOMAIN"
        case 4: return "NOTIMP"
        case 5: return "REFUSED"
        case 9: return "NOTAUTH"
        default: return "RCODE \(rcode)"
        }
    }
}

/// What one probe run found: the zones asked, by backend and state, and the results that were
/// not `served` (all of them for a single zone).
public struct ProbeReport: Sendable, Codable, Equatable {
    public struct Backend: Sendable, Codable, Equatable {
        public var name: String
        /// Where its server was asked (`127.0.0.1:53`).
        public var address: String
        public var served = 0
        public var stale = 0
        public var missing = 0
        public var unanswered = 0
        /// Stale and missing zones queued to be applied again.
        public var requeued = 0
        public var seconds: Double = 0
        /// Why the server could not be asked at all (no socket, the store could not be read).
        public var error: String?

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }

        mutating func count(_ state: ProbeResult.State) {
            switch state {
            case .served: served += 1
            case .stale: stale += 1
            case .missing: missing += 1
            case .unanswered: unanswered += 1
            }
        }

        /// The zones asked.
        public var total: Int { served + stale + missing + unanswered }
        /// Whether every zone asked was served.
        public var allServed: Bool { error == nil && total == served }
    }

    public var backends: [Backend]
    /// Zones that are not served, or every result when one zone was asked for.
    public var results: [ProbeResult]
    @Timestamp public var at: Double

    public init(backends: [Backend], results: [ProbeResult], at: Double) {
        self.backends = backends
        self.results = results
        self.at = at
    }

    /// Whether every backend served every zone asked.
    public var allServed: Bool { backends.allSatisfy(\.allServed) }
}
