import DirectAdmin

/// Why a call to a peer gave no usable answer. No text holds a password.
public enum PeerSyncError: HTTPExchangeError, Equatable, Sendable, CustomStringConvertible {
    /// No connection, a TLS failure or a reset.
    case unreachable(String)
    /// No complete answer within the time limit.
    case timedOut
    /// An HTTP status that is not a success.
    case httpStatus(Int)
    /// An answer that is not the JSON peers send.
    case garbage(String)

    public var description: String {
        switch self {
        case .unreachable(let reason): return "cannot reach the peer: \(reason)"
        case .timedOut: return "no answer within the time limit"
        case .httpStatus(401): return "HTTP status 401 (check the peer's credentials against its peer_sync.auth_username/auth_password)"
        case .httpStatus(let status): return "HTTP status \(status)"
        case .garbage(let reason): return "answered garbage: \(reason)"
        }
    }
}
