import Operator
import ZoneStore

/// The Zones page's query: a name to search for (prefix or substring), filters by state,
/// backend and DirectAdmin host, a sort within the page, and the page's start. It walks the
/// operator API's zone or pair listing in name order, so one page costs at most `scanLimit`
/// listed rows however many zones there are; `next` continues where the walk stopped.
struct ZoneSearch: Sendable {
    enum Match: String, CaseIterable, Sendable { case prefix, substring }
    enum Sort: String, CaseIterable, Sendable { case name, state, backend, updated }

    /// One row: a (zone, backend) pair, or a zone no backend has.
    struct Row: Sendable {
        var zone: String
        var backend: String
        var state: String
        var serial: String
        var host: String
        var updatedAt: Double?
        var lastError: String
    }

    /// A page of rows; `next` is the name to continue after, nil at the end.
    struct Page: Sendable {
        var rows: [Row]
        var next: String?
        var scanned: Int
    }

    var text = ""
    var match = Match.substring
    var state: PairState.State?
    var backend: String?
    var host = ""
    var sort = Sort.name
    var after = ""
    var pageSize = 50
    var scanLimit = 5000

    /// Reads the page's query parameters; unknown values fall back to the defaults.
    init(parameters: [String: String]) {
        text = (parameters["q"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        match = parameters["match"].flatMap(Match.init(rawValue:)) ?? .substring
        state = parameters["state"].flatMap(PairState.State.init(rawValue:))
        backend = parameters["backend"].flatMap { $0.isEmpty ? nil : $0 }
        host = (parameters["host"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        sort = parameters["sort"].flatMap(Sort.init(rawValue:)) ?? .name
        after = parameters["after"] ?? ""
    }

    /// The next page's query parameters.
    func parameters(after next: String) -> [(String, String)] {
        [("q", text), ("match", match.rawValue), ("state", state?.rawValue ?? ""), ("backend", backend ?? ""), ("host", host),
         ("sort", sort.rawValue), ("after", next)]
    }

    func nameMatches(_ domain: String) -> Bool {
        guard !text.isEmpty else { return true }
        return match == .prefix ? domain.hasPrefix(text) : domain.contains(text)
    }

    /// Whether no name at or after `domain` can match (a prefix search past its prefix).
    func pastPrefix(_ domain: String) -> Bool {
        match == .prefix && !text.isEmpty && domain > text && !domain.hasPrefix(text)
    }

    /// Where the walk starts: after `after`, or just before the prefix.
    var start: String {
        guard match == .prefix, !text.isEmpty else { return after }
        return max(after, String(text.dropLast()))
    }

    func find(in api: any OperatorAPI) async throws -> Page {
        var rows: [Row] = []
        var cursor = start
        var scanned = 0
        var zones: [String: DesiredZone?] = [:]
        // The zone's stored facts (host, serial), read once per zone on the page.
        func zone(_ domain: String) async throws -> DesiredZone? {
            if let known = zones[domain] { return known }
            let found = try await api.zone(domain)?.zone
            zones[domain] = found
            return found
        }
        let wantsPairs = state != nil || backend != nil
        while scanned < scanLimit {
            let listing = try await api.zones(ZoneQuery(backend: backend, state: state, after: cursor, limit: 500))
            let names = wantsPairs ? (listing.pairs ?? []).map(\.domain) : (listing.zones ?? []).map(\.domain)
            guard var last = names.last else { return Page(rows: sorted(rows), next: nil, scanned: scanned) }
            if wantsPairs {
                // A full listing may end inside a zone's pairs: leave that zone for the next listing.
                var pairs = listing.pairs ?? []
                if pairs.count == 500, let cut = pairs.firstIndex(where: { $0.domain == last }), cut > 0 {
                    last = pairs[cut - 1].domain
                    pairs = Array(pairs[..<cut])
                }
                for pair in pairs {
                    if rows.count >= pageSize, pair.domain != rows.last?.zone { return Page(rows: sorted(rows), next: rows.last?.zone, scanned: scanned) }
                    if pastPrefix(pair.domain) { return Page(rows: sorted(rows), next: nil, scanned: scanned) }
                    scanned += 1
                    guard nameMatches(pair.domain) else { continue }
                    let desired = try await zone(pair.domain)
                    guard host.isEmpty || desired?.hostname?.lowercased() == host else { continue }
                    rows.append(Row(pair: pair, zone: desired))
                }
            } else {
                for summary in listing.zones ?? [] {
                    if rows.count >= pageSize { return Page(rows: sorted(rows), next: rows.last?.zone, scanned: scanned) }
                    if pastPrefix(summary.domain) { return Page(rows: sorted(rows), next: nil, scanned: scanned) }
                    scanned += 1
                    guard summary.present, nameMatches(summary.domain) else { continue }
                    guard host.isEmpty || summary.hostname?.lowercased() == host else { continue }
                    guard let detail = try await api.zone(summary.domain) else { continue }
                    rows += detail.pairs.isEmpty
                        ? [Row(zone: summary.domain, backend: "", state: "", serial: summary.serial.map(String.init) ?? "",
                               host: summary.hostname ?? "", updatedAt: summary.updatedAt, lastError: "")]
                        : detail.pairs.map { Row(pair: $0, zone: detail.zone) }
                }
            }
            cursor = last
        }
        // The walk's budget is spent: the next page continues after the last zone looked at.
        return Page(rows: sorted(rows), next: cursor, scanned: scanned)
    }

    func sorted(_ rows: [Row]) -> [Row] {
        switch sort {
        case .name: return rows
        case .state: return rows.sorted { ($0.state, $0.zone, $0.backend) < ($1.state, $1.zone, $1.backend) }
        case .backend: return rows.sorted { ($0.backend, $0.zone) < ($1.backend, $1.zone) }
        case .updated: return rows.sorted { ($0.updatedAt ?? 0, $1.zone) > ($1.updatedAt ?? 0, $0.zone) }
        }
    }
}

extension ZoneSearch.Row {
    init(pair: PairState, zone: DesiredZone?) {
        self.init(
            zone: pair.domain, backend: pair.backend, state: pair.state.rawValue, serial: zone?.serial.map(String.init) ?? "",
            host: zone?.hostname ?? "", updatedAt: zone?.updatedAt, lastError: pair.lastError ?? "")
    }
}
