import Engine
import Foundation

/// The operator API asked of the running daemon: the same documents its routes encode.
extension DaemonClient: OperatorAPI {
    public func status() async throws -> StatusDocument {
        try decode(StatusDocument.self, try await get("/status"))
    }

    public func zones(_ query: ZoneQuery) async throws -> ZoneListing {
        let path = "/api/zones" + Self.query([
            ("backend", query.backend), ("state", query.state?.rawValue), ("after", query.after.isEmpty ? nil : query.after),
            ("limit", String(query.limit)),
        ])
        return try decode(ZoneListing.self, try await get(path))
    }

    public func zone(_ domain: String) async throws -> ZoneDetail? {
        do {
            return try decode(ZoneDetail.self, try await get("/api/zones/" + domain))
        } catch let refused as Refused where refused.status == 404 {
            return nil
        }
    }

    public func retry(backend: String?, zone: String?) async throws -> RetryResult {
        do {
            return try decode(RetryResult.self, try await post("/api/retry" + Self.query([("backend", backend), ("zone", zone)])))
        } catch let refused as Refused where refused.status == 404 && zone != nil {
            throw OperatorQueryError.unknownZone(zone?.lowercased() ?? "")
        }
    }

    public func heal() async throws -> [HealReport] {
        do {
            return try decode([HealReport].self, try await post("/api/heal"))
        } catch let refused as Refused where refused.status == 404 {
            throw OperatorQueryError.healingDisabled
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ data: Data) throws -> Value {
        try JSONDecoder().decode(type, from: data)
    }

    /// `?name=value&…` of the items that have a value, percent-encoded.
    static func query(_ items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? $0)" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
