import Engine
import Foundation

/// The served-state probe asked of the running daemon (`POST /api/probe`).
extension DaemonClient {
    public func probe(zone: String?, backend: String?) async throws -> ProbeReport {
        do {
            // A pass over many zones at a low queries_per_second takes minutes (10,000 zones at 200/s: 50 s).
            let data = try await post("/api/probe" + Self.query([("zone", zone), ("backend", backend)]), waitingUpTo: 3600)
            return try JSONDecoder().decode(ProbeReport.self, from: data)
        } catch let refused as Refused where refused.status == 404 && zone != nil {
            throw OperatorQueryError.unknownZone(zone?.lowercased() ?? "")
        } catch let refused as Refused where refused.status == 409 {
            throw ProbeUnavailable(refused.body.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
