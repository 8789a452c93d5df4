import Foundation

/// The console's logged-in sessions, held in memory: a random 256-bit id (the cookie) maps to
/// the session's CSRF token and its expiry. A restart logs everyone out. At most `capacity`
/// sessions are kept; a new login beyond that ends the one closest to expiring.
public final class ConsoleSessions: @unchecked Sendable {
    /// One logged-in browser.
    public struct Session: Sendable, Equatable {
        public let id: String
        /// Carried by every state-changing form of this session.
        public let csrfToken: String
        public let expiresAt: Double
    }

    /// Seconds a session lasts after its login.
    public let lifetime: Double
    public let capacity: Int
    private let lock = NSLock()
    private var sessions: [String: Session] = [:]

    public init(lifetime: Double = 12 * 3600, capacity: Int = 1024) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    /// A new session, from now.
    public func create(at now: Double) -> Session {
        let session = Session(id: Self.randomToken(), csrfToken: Self.randomToken(), expiresAt: now + lifetime)
        lock.withLock {
            sessions = sessions.filter { $0.value.expiresAt > now }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt })?.key {
                sessions.removeValue(forKey: oldest)
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session of this id; nil when unknown or expired (an expired one is dropped).
    public func session(_ id: String, at now: Double) -> Session? {
        lock.withLock {
            guard let session = sessions[id] else { return nil }
            guard session.expiresAt > now else {
                sessions.removeValue(forKey: id)
                return nil
            }
            return session
        }
    }

    /// Ends a session (logout).
    public func end(_ id: String) {
        _ = lock.withLock { sessions.removeValue(forKey: id) }
    }

    /// How many sessions are held (for tests).
    public var count: Int { lock.withLock { sessions.count } }

    /// 256 random bits as 64 hex digits (the system's cryptographic generator).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
