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
/// - `GET /internal/zones`: every zone and tombstone (`PeerZoneListingEntry`), written page by
///   page as read (chunked over HTTP/1.1);
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
    /// Zones read per page of the full listing.
    let listingPage: Int
    /// Called once a full listing has been written: the daemon gives the memory its pages took
    /// back to the system (`malloc_trim`), which glibc would otherwise keep for reuse.
    let afterListing: @Sendable () -> Void

    public init(
        store: ZoneStore, logger: Logger, listingPage: Int = 2000, afterListing: @escaping @Sendable () -> Void = {},
        peers: @escaping @Sendable () async -> [String]
    ) {
        self.store = store
        self.logger = logger
        self.listingPage = max(1, listingPage)
        self.afterListing = afterListing
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
            return Response(status: .ok, headers: [.contentType: "application/json"], body: listing())
        }
        guard case .success(let domain) = DomainNameRules.normalize(raw) else { return failure(400, "invalid domain") }
        guard let document = try await store.zone(domain).flatMap(PeerZoneDocument.init) else { return failure(404, "not found") }
        return try json(document)
    }

    /// The full listing written page by page as it is read: at 100,000 zones, holding every
    /// state and the 25 MB answer at once took the daemon past 150 MB. Pages are read one after
    /// another, not in one snapshot; a zone changed meanwhile is in the peer's next delta (its
    /// cursor was taken before the listing). A failing read ends the answer short (its status
    /// is sent already), which the peer's JSON decoding reports.
    private func listing() -> ResponseBody {
        let store = store, logger = logger, pageSize = listingPage, afterListing = afterListing
        return ResponseBody { writer in
            defer { afterListing() }
            try await writer.write(ByteBuffer(bytes: PeerListingJSON.opening))
            var after = ""
            do {
                while true {
                    let page = try await store.peerStatePage(after: after, limit: pageSize)
                    guard let last = page.last else { break }
                    try await writer.write(ByteBuffer(bytes: PeerListingJSON.entries(page, following: !after.isEmpty)))
                    after = last.domain
                }
            } catch {
                logger.error("[peer_sync] /internal/zones failed while written: \(error)")
                throw error
            }
            try await writer.write(ByteBuffer(bytes: PeerListingJSON.closing))
            try await writer.finish(nil)
        }
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
