import Operator
import ZoneStore

/// The Zones page's query: a name to search for (prefix or substring), filters by state,
/// backend and DirectAdmin host, a sort within the page, and the page's start. It walks the
/// operator API's zone or pair listing in name order, so one page costs at most `scanLimit`
/// listed rows however many zones there are; `next` continues where the walk stopped. Without
/// a state filter a page holds `pageSize` zones (a row per backend), with one `pageSize` pairs.
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

    /// Where the walk starts: after `after`, or just before the prefix's first possible name.
    var start: String {
        guard match == .prefix, !text.isEmpty else { return after }
        return max(after, Self.justBefore(text))
    }

    /// One page: without a state filter the zones listing is walked (name and host filters)
    /// and the page's pairs are read in one range per backend; with one, the pair listing of
    /// that state is walked and each row's zone facts read by name. Never one query per pair
    /// with a scan behind it.
    func find(in api: any OperatorAPI, backends: [String]) async throws -> Page {
        state == nil ? try await findZones(in: api, backends: backend.map { [$0] } ?? backends) : try await findPairs(in: api)
    }

    private func findZones(in api: any OperatorAPI, backends: [String]) async throws -> Page {
        var zones: [ZoneSummary] = []
        var cursor = start
        // The name listed just before the page's first zone: where its pairs start.
        var previous = start
        var before = start
        var scanned = 0
        var next: String?
        walk: while true {
            if scanned >= scanLimit {
                next = cursor
                break
            }
            let listed = try await api.zones(ZoneQuery(after: cursor, limit: 500)).zones ?? []
            guard let last = listed.last?.domain else { break }
            for summary in listed {
                if zones.count >= pageSize {
                    next = zones.last?.domain
                    break walk
                }
                if pastPrefix(summary.domain) { break walk }
                scanned += 1
                if summary.present, nameMatches(summary.domain), host.isEmpty || summary.hostname?.lowercased() == host {
                    if zones.isEmpty { before = previous }
                    zones.append(summary)
                }
                previous = summary.domain
            }
            cursor = last
        }
        let pairs = try await pairs(of: zones, after: before, backends: backends, in: api)
        let rows = zones.flatMap { summary -> [Row] in
            guard let found = pairs[summary.domain], !found.isEmpty else {
                return backend == nil ? [Row(summary: summary, pair: nil)] : []
            }
            return found.sorted { $0.backend < $1.backend }.map { Row(summary: summary, pair: $0) }
        }
        return Page(rows: sorted(rows), next: next, scanned: scanned)
    }

    /// The pairs of `zones` (in name order, the first listed after `after`), one listing range per backend.
    private func pairs(
        of zones: [ZoneSummary], after: String, backends: [String], in api: any OperatorAPI
    ) async throws -> [String: [PairState]] {
        guard let last = zones.last?.domain else { return [:] }
        let wanted = Set(zones.map(\.domain))
        var found: [String: [PairState]] = [:]
        for backend in backends {
            var cursor = after
            paging: while true {
                let listed = try await api.zones(ZoneQuery(backend: backend, after: cursor, limit: 500)).pairs ?? []
                for pair in listed {
                    if pair.domain > last { break paging }
                    if wanted.contains(pair.domain) { found[pair.domain, default: []].append(pair) }
                }
                guard listed.count == 500, let end = listed.last?.domain else { break }
                cursor = end
            }
        }
        return found
    }

    private func findPairs(in api: any OperatorAPI) async throws -> Page {
        var rows: [Row] = []
        var cursor = start
        var scanned = 0
        var facts: [String: ZoneSummary?] = [:]
        while scanned < scanLimit {
            let listing = try await api.zones(ZoneQuery(backend: backend, state: state, after: cursor, limit: 500))
            var pairs = listing.pairs ?? []
            guard var last = pairs.last?.domain else { return Page(rows: sorted(rows), next: nil, scanned: scanned) }
            // A full listing may end inside a zone's pairs: leave that zone for the next listing.
            if pairs.count == 500, let cut = pairs.firstIndex(where: { $0.domain == last }), cut > 0 {
                last = pairs[cut - 1].domain
                pairs = Array(pairs[..<cut])
            }
            for pair in pairs {
                if rows.count >= pageSize, pair.domain != rows.last?.zone { return Page(rows: sorted(rows), next: rows.last?.zone, scanned: scanned) }
                if pastPrefix(pair.domain) { return Page(rows: sorted(rows), next: nil, scanned: scanned) }
                scanned += 1
                guard nameMatches(pair.domain) else { continue }
                if facts[pair.domain] == nil { facts[pair.domain] = .some(try await Self.summary(of: pair.domain, in: api)) }
                let summary = facts[pair.domain] ?? nil
                guard host.isEmpty || summary?.hostname?.lowercased() == host else { continue }
                rows.append(Row(summary: summary, pair: pair))
            }
            cursor = last
        }
        // The walk's budget is spent: the next page continues after the last zone looked at.
        return Page(rows: sorted(rows), next: cursor, scanned: scanned)
    }

    /// One zone's listing entry, read as the first name after one just below it.
    static func summary(of domain: String, in api: any OperatorAPI) async throws -> ZoneSummary? {
        let found = try await api.zones(ZoneQuery(after: justBefore(domain), limit: 1)).zones?.first
        return found?.domain == domain ? found : nil
    }

    /// A string that sorts before `domain` with no valid zone name between them: the last
    /// character one lower, then DEL (0x7F), above every character a zone name may hold.
    static func justBefore(_ domain: String) -> String {
        var scalars = Array(domain.unicodeScalars)
        guard let last = scalars.popLast(), last.value > 0, let lower = Unicode.Scalar(last.value - 1) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars + [lower, "\u{7F}"])
        return String(view)
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
    /// A pair's row with its zone's facts; a zone's row without a pair when `pair` is nil.
    init(summary: ZoneSummary?, pair: PairState?) {
        self.init(
            zone: pair?.domain ?? summary?.domain ?? "", backend: pair?.backend ?? "", state: pair?.state.rawValue ?? "",
            serial: summary?.serial.map(String.init) ?? "", host: summary?.hostname ?? "", updatedAt: summary?.updatedAt,
            lastError: pair?.lastError ?? "")
    }
}
