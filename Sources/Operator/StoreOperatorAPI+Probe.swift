import Engine
import ZoneStore

/// Why the served-state probe cannot run as asked (no backend, or not this one, names a `dns_address`).
public struct ProbeUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension StoreOperatorAPI {
    public func probe(zone: String?, backend: String?) async throws -> ProbeReport {
        if let backend, !backendNames.contains(backend) { throw OperatorQueryError.unknownBackend(backend, enabled: backendNames) }
        guard let probe = reporter.probe, !probe.targets.isEmpty else {
            throw ProbeUnavailable("no enabled backend names a dns_address: set dns_address in a bind or nsd backend to probe its server")
        }
        if let backend, !probe.targets.contains(where: { $0.backend == backend }) {
            throw ProbeUnavailable("backend '\(backend)' names no dns_address: its server cannot be asked")
        }
        let domain = zone?.lowercased()
        if let domain, try await store.zone(domain)?.present != true { throw OperatorQueryError.unknownZone(domain) }
        return await probe.run(zone: domain, backend: backend)
    }
}
