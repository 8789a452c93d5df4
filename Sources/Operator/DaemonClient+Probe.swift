import Engine
import Foundation

/// The served-state probe asked of the running daemon (`POST /api/probe`).
extension DaemonClient {
    public func probe(zone: String?, backend: String?) async throws -> ProbeReport {
        do {
            let data = try await post("/api/probe" + Self.query([("zone", zone), ("backend", backend)]))
            return try JSONDecoder().decode(ProbeReport.self, from: data)
        } catch let refused as Refused where refused.status == 404 && zone != nil {
            throw OperatorQueryError.unknownZone(zone?.lowercased() ?? "")
        } catch let refused as Refused where refused.status == 409 {
            throw ProbeUnavailable(refused.body.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
