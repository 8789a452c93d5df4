import DirectAdmin
import Engine

/// How an intake outcome is answered to DirectAdmin: the HTTP status and the url-encoded reply.
/// The one place where the write path meets HTTP: a response is made from an outcome (or
/// `tooLarge`), never from a status and text of the caller's choosing.
public struct DirectAdminResponse: Sendable, Equatable {
    public var status: Int
    public var body: String
}

extension DirectAdminResponse {
    public init(_ outcome: IntakeOutcome) {
        switch outcome {
        case .invalidRequest(let reason): self.init(status: 400, body: DirectAdminReply.error(reason))
        case .loginAccepted: self.init(status: 200, body: DirectAdminReply.ok("Login OK"))
        case .exists(let answer): self.init(status: 200, body: Self.exists(answer))
        case .accepted, .deleted: self.init(status: 200, body: DirectAdminReply.ok())
        case .refused(let rejection): self.init(status: 400, body: DirectAdminReply.error(rejection.description))
        case .deleteRefused(let refused):
            let zones = refused.map { "\($0.domain) belongs to \($0.owner)" }
            self.init(status: 403, body: DirectAdminReply.error("delete refused: " + zones.joined(separator: ", ")))
        case .draining: self.init(status: 503, body: DirectAdminReply.error("dadns is shutting down; the change was not stored"))
        case .storeUnavailable(let reason, let change):
            self.init(
                status: 500, body: DirectAdminReply.error(change ? "the change was not stored: \(reason)" : "the store failed: \(reason)"))
        }
    }

    /// A body larger than the limit (`app.max_body_size`), refused before it is read whole.
    public static func tooLarge(limit: Int) -> DirectAdminResponse {
        DirectAdminResponse(status: 413, body: DirectAdminReply.error("request body larger than \(limit) bytes"))
    }

    private static func exists(_ answer: IntakeOutcome.ExistsAnswer) -> String {
        switch answer {
        case .absent: return DirectAdminReply.exists(0)
        case .held(let domain): return DirectAdminReply.exists(1, details: "\(domain) exists on this server")
        case .parentHeld(let domain): return DirectAdminReply.exists(2, details: "parent zone \(domain) exists on this server")
        case .parentOwned(let hostname, let username): return DirectAdminReply.exists(3, hostname: hostname, username: username)
        }
    }
}
