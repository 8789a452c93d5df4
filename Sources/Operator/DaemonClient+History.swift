import Engine
import Foundation

/// The zone history, diff and rollback asked of the running daemon (`/api/zones/D/…`).
extension DaemonClient {
    public func zoneHistory(_ domain: String) async throws -> ZoneHistoryListing {
        try await answer(ZoneHistoryListing.self, domain) { try await get("/api/zones/\(domain)/history") }
    }

    public func zoneDiff(_ domain: String, from: Int64?, to: Int64?) async throws -> ZoneDiffDocument {
        let query = Self.query([("from", from.map(String.init)), ("to", to.map(String.init))])
        return try await answer(ZoneDiffDocument.self, domain) { try await get("/api/zones/\(domain)/diff" + query) }
    }

    public func rollback(_ domain: String, to generation: Int64) async throws -> RollbackResult {
        try await answer(RollbackResult.self, domain) { try await post("/api/zones/\(domain)/rollback?to=\(generation)") }
    }

    public func healZone(_ domain: String) async throws -> [HealReport] {
        try await answer([HealReport].self, domain) { try await post("/api/zones/\(domain)/heal") }
    }

    /// Decodes a 2xx answer; an unknown zone (404 without a reason of its own) as `unknownZone`.
    /// Other refusals keep the daemon's words (the same as the offline CLI's).
    private func answer<Value: Decodable>(
        _ type: Value.Type, _ domain: String, _ request: () async throws -> Data
    ) async throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: try await request())
        } catch let refused as Refused where refused.status == 404 && refused.body.hasSuffix("is not known\n") {
            throw OperatorQueryError.unknownZone(domain.lowercased())
        }
    }
}
