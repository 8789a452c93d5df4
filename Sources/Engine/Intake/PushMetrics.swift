import DirectAdmin
import Metrics

/// `dadns_pushes_total{action, result}`: every DirectAdmin request and how it ended.
enum PushMetrics {
    static func count(_ command: DirectAdminCommand, outcome: IntakeOutcome) {
        let action: String
        switch command {
        case .loginTest: action = "login_test"
        case .exists: action = "exists"
        case .rawSave: action = "rawsave"
        case .delete: action = "delete"
        }
        increment(action: action, result: result(outcome))
    }

    /// A request refused before it became a command (bad parameters).
    static func countInvalid(path: String, query: String) {
        var action = path == "/CMD_API_LOGIN_TEST" ? "login_test" : "unknown"
        for known in ["rawsave", "delete", "exists"] where query.contains("action=\(known)") { action = known }
        increment(action: action, result: "invalid")
    }

    static func result(_ outcome: IntakeOutcome) -> String {
        switch outcome {
        case .accepted(let changed): return changed ? "ok" : "unchanged"
        case .loginAccepted, .exists, .deleted: return "ok"
        case .deleteRefused: return "refused"
        case .draining: return "draining"
        case .storeUnavailable: return "error"
        case .refused, .invalidRequest: return "invalid"
        }
    }

    private static func increment(action: String, result: String) {
        Counter(label: "dadns_pushes_total", dimensions: [("action", action), ("result", result)]).increment()
    }
}
