import DNSZone
import DirectAdmin
import ZoneStore

/// Fetches zone texts from one peer, a bounded number at once, and checks each: the answer
/// must be for the zone asked, its text must pass `ZoneIntake` like a push from DirectAdmin,
/// and the text must hash to the hash the peer announced.
enum PeerFetcher {
    enum Outcome: Sendable {
        case change(PeerChange)
        /// The peer answered something that must not be stored.
        case rejected(String)
        /// The zone could not be fetched (network, status).
        case failed(String)
    }

    static func fetch(_ entries: [PeerEntry], from client: PeerClient, concurrency: Int, now: Double) async -> [Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            var pending = entries.makeIterator()
            for _ in 0..<concurrency {
                guard let entry = pending.next() else { break }
                group.addTask { await one(entry, from: client, now: now) }
            }
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(entries.count)
            while let outcome = await group.next() {
                outcomes.append(outcome)
                if let entry = pending.next() { group.addTask { await one(entry, from: client, now: now) } }
            }
            return outcomes
        }
    }

    static func one(_ entry: PeerEntry, from client: PeerClient, now: Double) async -> Outcome {
        let domain = entry.domain
        let document: PeerZoneDocument
        do {
            document = try await client.zone(domain)
        } catch {
            if case .garbage = error { return .rejected("\(domain): \(error)") }
            return .failed("\(domain): \(error)")
        }
        return check(document, for: entry, peer: client.peer.url, now: now)
    }

    /// The checks of a fetched zone; the change to store, or why not.
    static func check(_ document: PeerZoneDocument, for entry: PeerEntry, peer: String, now: Double) -> Outcome {
        let domain = entry.domain
        guard case .success(let answered) = DomainNameRules.normalize(document.domain), answered == domain else {
            return .rejected("\(domain): the answer is for another domain (\(PeerInput.printable(document.domain)))")
        }
        guard let text = document.zoneData, !text.isEmpty else { return .rejected("\(domain): the answer holds no zone_data") }
        var expectedHash = entry.contentHash
        if let announced = document.contentHash {
            guard PeerInput.isHash(announced) else { return .rejected("\(domain): content_hash is not a SHA-256 hex digest") }
            expectedHash = announced
        }
        var changedAt = entry.changedAt
        if let stamped = document.changedAt {
            guard stamped.isFinite, stamped > 0, stamped <= now + PeerInput.maxFutureSeconds else {
                return .rejected("\(domain): change time \(stamped) is not plausible")
            }
            changedAt = stamped
        }
        switch ZoneIntake.accept(
            domain: domain, zoneText: Array(text.utf8), hostname: entry.hostname, username: entry.username, clientAddress: nil,
            source: .peer)
        {
        case .failure(let rejection):
            return .rejected("\(domain): \(rejection)")
        case .success(let accepted):
            if let expectedHash, accepted.push.contentHash != expectedHash {
                return .rejected(
                    "\(domain): content hash mismatch: announced \(expectedHash.prefix(12))…, the text hashes to \(accepted.push.contentHash.prefix(12))…")
            }
            return .change(PeerChange(
                domain: domain, version: ZoneVersion(changedAt: changedAt, contentHash: accepted.push.contentHash),
                content: .zone(accepted.push), hostname: entry.hostname, username: entry.username, peer: peer))
        }
    }
}
