import DNSZone
import DirectAdmin
import ZoneStore

/// What one pass reads from a peer: its changes since the cursor the last pass ended at
/// (`GET /internal/changes?since=N`, a few bytes when nothing changed), or its full listing
/// (`GET /internal/zones`) for a peer without a cursor yet, a cursor the peer cannot continue
/// (`full_listing_needed`), or a peer without the delta route (404: an older dadns or the
/// reference). Before a full listing the peer's current cursor is asked for, so changes made
/// while the listing is read come with the next delta.
struct PeerListing {
    var entries: [PeerZoneListingEntry]
    var isDelta: Bool
    /// Bytes of the answers read.
    var bytes: Int
    /// Where the next pass's delta starts; nil: the next pass reads the full listing again.
    var nextCursor: Int64?

    /// Delta answers read in one pass at most (each up to `InternalRoutes.changesLimit`
    /// journal entries); the next pass goes on from where this one stopped.
    static let maxPages = 100

    static func read(from client: PeerClient, cursor: Int64?) async throws(PeerSyncError) -> PeerListing {
        var bytes = 0
        var start: Int64?
        if let cursor {
            var latest: [String: PeerZoneListingEntry] = [:]
            var order: [String] = []
            var at = cursor
            var pages = 0
            while let (document, read) = try await client.changes(since: at) {
                bytes += read
                if document.fullListingNeeded {
                    start = document.cursor
                    break
                }
                // A zone changed again in a later page: its later state stands, listed once.
                for entry in document.changes {
                    if latest.updateValue(entry, forKey: entry.domain) == nil { order.append(entry.domain) }
                }
                at = document.cursor
                pages += 1
                if !document.more || pages >= maxPages {
                    return PeerListing(entries: order.compactMap { latest[$0] }, isDelta: true, bytes: bytes, nextCursor: at)
                }
            }
        } else if let (document, read) = try? await client.changes(since: nil) {
            bytes += read
            start = document.cursor
        }
        let (entries, read) = try await client.listZones()
        return PeerListing(entries: entries, isDelta: false, bytes: bytes + read, nextCursor: start)
    }
}

extension PeerSync {
    /// This node's state of the zones a delta lists (by name, validated first); of every zone
    /// when the delta is long, where one read of all is cheaper.
    func localStates(for listing: PeerListing) async throws -> [String: PeerZoneState] {
        guard listing.isDelta, listing.entries.count <= 1000 else {
            return Dictionary(try await store.peerStates().map { ($0.domain, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var states: [String: PeerZoneState] = [:]
        for entry in listing.entries {
            guard case .success(let domain) = DomainNameRules.normalize(entry.domain), states[domain] == nil,
                let zone = try await store.zone(domain)
            else { continue }
            states[domain] = PeerZoneState(zone)
        }
        return states
    }
}
