import Foundation
import ServiceLifecycle

/// Turned on when a graceful shutdown begins: from then on pushes and deletes are answered 503
/// (DirectAdmin shows the failure, and the reconciler or a peer brings the change later) while
/// the batch in flight finishes. A `Service` so the service group flips it first.
public final class DrainSwitch: Service, @unchecked Sendable {
    private let lock = NSLock()
    private var draining = false

    public init() {}

    public var isDraining: Bool { lock.withLock { draining } }

    public func drain() { lock.withLock { draining = true } }

    public func run() async throws {
        // Wait for the shutdown (or cancellation), then drain.
        try? await gracefulShutdown()
        drain()
    }
}

import DirectAdmin

extension DirectAdminCommand {
    /// Whether the command changes the desired state (refused while draining).
    var changesZones: Bool {
        switch self {
        case .rawSave, .delete: return true
        case .loginTest, .exists: return false
        }
    }
}
