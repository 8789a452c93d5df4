import DNSZone

/// What PowerDNS's own zone-transfer intake writes for a pre-signed zone and its API never does:
/// each name's `ordername` and `auth`, and the empty non-terminals, worked out from the zone's rows
/// as PowerDNS's rectify does (pdns/dbdnsseckeeper.cc, `rectifyZone`), which it refuses to run for
/// a pre-signed zone. PowerDNS builds the NSEC or NSEC3 record that denies a name from the
/// ordername chain (and serves the zone's stored signature of it). The ordername is the name's
/// NSEC3 hash (lower-case base32hex), or for NSEC its labels below the apex, last first, joined
/// by spaces (`a.b` → `b a`; the apex `""`). Names that hold only NSEC3 and RRSIG records (the
/// NSEC3 owners) get none: they are not names of the zone's chain.
struct PowerDNSOrderNames: Equatable {
    /// One row of the records table: owner (lower case, no trailing dot) and type (nil: an empty non-terminal).
    struct Row: Equatable {
        var name: String
        var type: String?
        var content: String
    }

    /// `ordername` and `auth` for the rows of `name` of `type` (nil: all its rows); applied in order.
    struct Update: Equatable {
        var name: String
        var type: String?
        var ordername: String?
        var auth: Bool
    }

    /// An empty non-terminal row to insert.
    struct Terminal: Equatable {
        var name: String
        var ordername: String?
        var auth: Bool
    }

    /// The zone's NSEC3 parameters, opt-out flag from its NSEC3 records (what PowerDNS keeps in
    /// NSEC3PARAM metadata); nil for an NSEC zone.
    var parameters: NSEC3Parameters?
    var updates: [Update] = []
    var terminals: [Terminal] = []

    /// Nil when the zone has neither an NSEC3PARAM at its apex nor NSEC records, or hashes with an
    /// algorithm other than SHA-1.
    init?(apex: String, rows: [Row]) throws {
        let declared = rows.first { $0.name == apex && $0.type == "NSEC3PARAM" }.flatMap { NSEC3Parameters(presentation: $0.content) }
        guard declared?.algorithm ?? 1 == 1, declared != nil || rows.contains(where: { $0.type == "NSEC" }) else { return nil }
        let optOut = rows.contains { $0.type == "NSEC3" && (NSEC3Parameters(presentation: $0.content)?.optOut ?? false) }
        self.parameters = declared.map { var optedOut = $0; optedOut.flags = optOut ? 1 : 0; return optedOut }

        let real = rows.filter { $0.type != nil && $0.type != "NSEC3" && $0.type != "RRSIG" }
        let names = Set(real.map(\.name))
        let delegations = Set(real.filter { $0.type == "NS" && $0.name != apex }.map(\.name))
        let signedDelegations = Set(real.filter { $0.type == "DS" }.map(\.name))
        // The names NSEC3 covers: every owner and its ancestors, except below a delegation, and
        // (opt-out) delegations without DS.
        var chained: Set<String> = []
        for row in rows where row.type != nil && names.contains(row.name) {
            guard !Self.ancestors(of: row.name, apex: apex).dropFirst().contains(where: delegations.contains) else { continue }
            if row.type == "NS" && optOut { continue }
            chained.formUnion(Self.ancestors(of: row.name, apex: apex) + [apex])
        }
        let parameters = self.parameters
        func ordername(_ name: String) throws -> String? {
            guard let parameters else { return names.contains(name) ? Self.reversedLabels(name, apex: apex) : nil }
            guard chained.contains(name) else { return nil }
            return parameters.hashedLabel(of: try DNSName(name + "."))?.lowercased()
        }

        var terminals: [String: Bool] = [:]
        for name in names.sorted() {
            let auth = !Self.ancestors(of: name, apex: apex).contains(where: delegations.contains)
            let order = try ordername(name)
            updates.append(Update(name: name, type: nil, ordername: order, auth: auth))
            if signedDelegations.contains(name) { updates.append(Update(name: name, type: "DS", ordername: order, auth: true)) }
            if !auth || delegations.contains(name) {
                if optOut && !signedDelegations.contains(name) { updates.append(Update(name: name, type: "NS", ordername: nil, auth: false)) }
                updates += ["A", "AAAA"].map { Update(name: name, type: $0, ordername: nil, auth: false) }
            }
            for ancestor in Self.ancestors(of: name, apex: apex).dropFirst() where !names.contains(ancestor) {
                terminals[ancestor] = (terminals[ancestor] ?? false) || auth
            }
        }
        self.terminals = try terminals.keys.sorted().map { name in
            let order = try ordername(name)
            return Terminal(name: name, ordername: order, auth: (order != nil && !optOut) || terminals[name] == true)
        }
    }

    /// A row as the database holds it, for `matches`.
    struct Held: Equatable {
        var name: String
        var type: String?
        var ordername: String?
        var auth: Bool
    }

    /// Whether `rows` are what applying `updates` and `terminals` leaves: every row's ordername and
    /// auth (the updates in order, later ones winning; rows no update names have no ordername), and
    /// the empty non-terminals exactly these.
    func matches(_ rows: [Held]) -> Bool {
        let wanted = rows.filter { $0.type != nil }.map { row in
            updates.reduce(Held(name: row.name, type: row.type, ordername: nil, auth: row.auth)) { held, update in
                guard update.name == row.name, update.type == nil || update.type == row.type else { return held }
                return Held(name: row.name, type: row.type, ordername: update.ordername, auth: update.auth)
            }
        }
        let terminalsHeld = rows.filter { $0.type == nil }.sorted { $0.name < $1.name }
        return wanted == rows.filter { $0.type != nil }
            && terminalsHeld == terminals.map { Held(name: $0.name, type: nil, ordername: $0.ordername, auth: $0.auth) }
    }

    /// NSEC's ordername: `name`'s labels below `apex`, last first, joined by spaces.
    static func reversedLabels(_ name: String, apex: String) -> String {
        name == apex ? "" : name.dropLast(apex.count + 1).split(separator: ".", omittingEmptySubsequences: false).reversed().joined(separator: " ")
    }

    /// `name` and its ancestors below `apex` (the apex itself excluded), nearest first.
    static func ancestors(of name: String, apex: String) -> [String] {
        var found: [String] = []
        var current = Substring(name)
        while current != Substring(apex), current.hasSuffix("." + apex) {
            found.append(String(current))
            guard let dot = current.firstIndex(of: ".") else { break }
            current = current[current.index(after: dot)...]
        }
        return found
    }
}
