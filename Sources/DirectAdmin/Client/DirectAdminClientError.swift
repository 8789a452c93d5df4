/// Why a call to a DirectAdmin server gave no usable answer. None of the texts hold a
/// password or a session cookie.
public enum DirectAdminClientError: HTTPExchangeError, Equatable, Sendable, CustomStringConvertible {
    /// No connection, a TLS failure or a reset: the server could not be asked.
    case unreachable(String)
    /// No complete answer within the time limit.
    case timedOut
    /// An HTTP status that is not a success.
    case httpStatus(Int)
    /// Basic auth was redirected and the session login did not give a session, or the server
    /// still redirected with the session.
    case loginFailed(String)
    /// An HTML page (a login or error page) instead of an API answer.
    case html
    /// An answer that is neither of the formats DirectAdmin uses.
    case garbage(String)
    /// DirectAdmin answered `error=1`.
    case refused(String)

    public var description: String {
        switch self {
        case .unreachable(let reason): return "cannot reach the server: \(reason)"
        case .timedOut: return "no answer within the time limit"
        case .httpStatus(let status): return "HTTP status \(status)"
        case .loginFailed(let reason): return "session login failed: \(reason)"
        case .html: return "an HTML page instead of an API answer (check the credentials and admin-level access)"
        case .garbage(let reason): return "an answer in no known format: \(reason)"
        case .refused(let text): return "DirectAdmin refused: \(text)"
        }
    }
}
