/// How the served-state probe asks the backends' servers (`probe.*`).
public struct ProbeSettings: Sendable, Equatable {
    /// Minutes between periodic passes; 0: none (`dadns probe` still runs one).
    public var intervalMinutes: Double
    /// Most queries per second to one server.
    public var queriesPerSecond: Double
    /// Most queries awaiting an answer from one server at once.
    public var inFlight: Int
    /// How long one query waits for its answer.
    public var timeoutSeconds: Double
    /// Queries sent again after a timeout before the zone counts as unanswered.
    public var retries: Int

    /// Defaults the configuration's keys share (`probe.*`).
    public enum Defaults {
        public static let intervalMinutes: Double = 0
        public static let queriesPerSecond: Double = 200
        /// 256 in flight lost queries to timeouts against named in the benchmark (docs/benchmarks.md).
        public static let inFlight = 64
        public static let timeoutMilliseconds = 1000
        public static let retries = 2
    }

    public init(
        intervalMinutes: Double = Defaults.intervalMinutes, queriesPerSecond: Double = Defaults.queriesPerSecond,
        inFlight: Int = Defaults.inFlight, timeoutSeconds: Double = Double(Defaults.timeoutMilliseconds) / 1000,
        retries: Int = Defaults.retries
    ) {
        self.intervalMinutes = intervalMinutes
        self.queriesPerSecond = queriesPerSecond
        self.inFlight = inFlight
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
    }

    /// Whether passes run on their own.
    public var periodic: Bool { intervalMinutes > 0 }
}
