/// `<named_conf>.added`: the zones this backend gave named by `rndc addzone` (named keeps them in
/// its NZD, not in the include). The include and this file never share a zone: named refuses to
/// start, and `rndc reconfig` fails, when a zone is in both.
///
/// One zone a line; a zone whose rndc call has not been seen to succeed carries a mark, written
/// before the call, so a crash between the file and rndc is healed at the next start:
/// `+zone` (being added: named may lack it) and `-zone` (being deleted: named may still have it).
struct BindAddedZones: Equatable {
    enum State: Equatable {
        /// named has it (addzone answered, or showzone found it).
        case live
        /// Written before `rndc addzone`: not yet seen in named.
        case adding
        /// Written before `rndc delzone`: named may still have it.
        case deleting
    }

    static let header = "# Written by dadns: zones added to named by rndc addzone ('+' being added, '-' being deleted).\n"

    private(set) var states: [String: State] = [:]

    /// The file's path for an include file.
    static func path(forInclude includeFile: String) -> String { includeFile + ".added" }

    init(states: [String: State] = [:]) {
        self.states = states
    }

    /// Parses the file's text; lines that are no safe zone name are dropped.
    init(text: String) {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let state: State = line.hasPrefix("+") ? .adding : line.hasPrefix("-") ? .deleting : .live
            let name = String(state == .live ? line : line.dropFirst())
            if SafeZoneName.isSafe(name) { states[name] = state }
        }
    }

    var text: String {
        Self.header + states.keys.sorted().map { name in
            switch states[name] {
            case .adding: return "+\(name)\n"
            case .deleting: return "-\(name)\n"
            default: return "\(name)\n"
            }
        }.joined()
    }

    subscript(zone: String) -> State? {
        get { states[zone] }
        set { states[zone] = newValue }
    }

    /// Every zone listed, whatever its state: named may have each of them.
    var zones: Set<String> { Set(states.keys) }

    /// The zones named serves or is to serve (not those being deleted): the catalog's members.
    var members: Set<String> { Set(states.compactMap { $0.value == .deleting ? nil : $0.key }) }

    /// Zones whose last rndc call was not seen to succeed.
    var unsettled: [(zone: String, state: State)] {
        states.filter { $0.value != .live }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
