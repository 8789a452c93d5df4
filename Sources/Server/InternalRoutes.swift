import DNSZone
import DirectAdmin
import Engine
import Foundation
import Hummingbird
import Logging
import NIOCore
import ZoneStore

/// The endpoints peers pull from, behind their own Basic credentials (`peer_sync.auth_*`, the
/// group's `BasicAuthMiddleware` in the `peers` realm), which are worth nothing on the
/// DirectAdmin and operator endpoints — and DirectAdmin's credentials are worth nothing here.
/// Read-only: a peer can never push or delete.
///
/// - `GET /internal/zones`: every zone and tombstone (`PeerZoneListingEntry`);
/// - `GET /internal/zones?domain=D`: one present zone with its text (`PeerZoneDocument`), or
///   `404 {"error": "not found"}`;
/// - `GET /internal/changes[?since=N]`: the zones changed after journal cursor N and the next
///   cursor (`PeerChangesDocument`), so an idle pass costs a few bytes whatever the zone count;
///   `404` when this store keeps no cursor (a peer then reads the full listing);
/// - `GET /internal/peers`: the peer URLs this node knows.
public struct InternalRoutes: Sendable {
    let store: ZoneStore
    let peers: @Sendable () async -> [String]
    let logger: Logger

    public init(store: ZoneStore, logger: Logger, peers: @escaping @Sendable () async -> [String]) {
        self.store = store
        self.logger = logger
        self.peers = peers
    }

    public func register(on group: RouterGroup<DadnsRequestContext>) {
        group.get("/internal/zones") { request, _ in
            await guarded(request) { try await zones(request) }
        }
        group.get("/internal/changes") { request, _ in
            await guarded(request) { try await changes(request) }
        }
        group.get("/internal/peers") { request, _ in
            await guarded(request) { try json(await peers()) }
        }
    }

    /// Any error becomes `500 {"error": "internal server error"}` (logged here).
    private func guarded(_ request: Request, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            logger.error("[peer_sync] \(request.uri.path) failed: \(error)")
            return failure(500, "internal server error")
        }
    }

    private func zones(_ request: Request) async throws -> Response {
        guard let raw = request.uri.queryParameters.get("domain") else {
            let body = PeerListingJSON.encode(try await store.peerStates())
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        guard case .success(let domain) = DomainNameRules.normalize(raw) else { return failure(400, "invalid domain") }
        guard let document = try await store.zone(domain).flatMap(PeerZoneDocument.init) else { return failure(404, "not found") }
        return try json(document)
    }

    /// Journal entries read per answer: a peer far behind pages through `more`.
    static let changesLimit = 5000

    private func changes(_ request: Request) async throws -> Response {
        var since: Int64?
        if let raw = request.uri.queryParameters.get("since") {
            guard let value = Int64(raw), value >= 0 else { return failure(400, "invalid since") }
            since = value
        }
        if let batch = try await store.peerChanges(after: since, limit: Self.changesLimit) {
            return try json(PeerChangesDocument(cursor: batch.cursor, changes: batch.states.map(PeerZoneListingEntry.init), more: batch.more))
        }
        // The cursor cannot be continued: the full listing, from the cursor of now.
        guard since != nil, let now = try await store.peerChanges(after: nil, limit: 0) else { return failure(404, "not found") }
        return try json(PeerChangesDocument(cursor: now.cursor, fullListingNeeded: true))
    }

    private func json(_ value: some Encodable) throws -> Response {
        try .json(value, formatting: [.sortedKeys, .withoutEscapingSlashes])
    }

    private func failure(_ status: Int, _ message: String) -> Response {
        .text(status, "{\"error\": \"\(message)\"}\n", contentType: "application/json")
    }
}
