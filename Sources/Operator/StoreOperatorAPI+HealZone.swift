import Engine
import ZoneStore

/// Healing one zone, answered from the store and the running lanes.
extension StoreOperatorAPI {
    public func healZone(_ domain: String) async throws -> [HealReport] {
        let domain = domain.lowercased()
        guard let zone = try await store.zone(domain) else { throw OperatorQueryError.unknownZone(domain) }
        return await ZoneHealing.heal(
            zone, backends: reporter.backends.map { ($0.name, $0.lane?.backend) }, store: store, dryRun: healer?.dryRun ?? false, at: clock())
    }
}
