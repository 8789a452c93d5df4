/// One result of `dadns doctor`: what was checked, how it went, and what to change. Here, next
/// to `BackendKind`, because each backend type checks its own server (`BackendKind.serviceChecks`).
public struct DoctorFinding: Codable, Equatable, Sendable {
    public enum Level: String, Codable, Sendable {
        case ok, warning, error
    }

    public var level: Level
    /// What was checked, e.g. `store /var/lib/dadns/directdnsonly.db`.
    public var check: String
    /// What was found.
    public var detail: String
    /// What to change (the key, the command, the permission); nil when nothing is to be done.
    public var fix: String?
    /// An error `dadns serve` stops on (exit 78), rather than one that stops a backend only.
    public var stopsStartUp: Bool

    public static func ok(_ check: String, _ detail: String) -> DoctorFinding {
        DoctorFinding(level: .ok, check: check, detail: detail, fix: nil, stopsStartUp: false)
    }

    public static func warning(_ check: String, _ detail: String, fix: String) -> DoctorFinding {
        DoctorFinding(level: .warning, check: check, detail: detail, fix: fix, stopsStartUp: false)
    }

    public static func error(_ check: String, _ detail: String, fix: String, stopsStartUp: Bool) -> DoctorFinding {
        DoctorFinding(level: .error, check: check, detail: detail, fix: fix, stopsStartUp: stopsStartUp)
    }
}
