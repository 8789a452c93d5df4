/// Which rndc a `bind` backend runs, or why it runs none. The reference runs the `rndc` on PATH
/// for every bind backend and has no `rndc_path`; so does dadns when `rndc_path` is unset.
public enum RndcProgram: Sendable, Equatable {
    /// `rndc_path`, as configured.
    case configured(String)
    /// The `rndc` found on PATH (or `rndc_path` given as a bare name, looked up the same way).
    case foundOnPath(String)
    /// Reloads skipped on purpose; the setting that says so (`reload: false`, `rndc_path: ""`).
    case disabled(by: String)
    /// Nothing to run: no executable `rndc` in the directories of the search path.
    case notFound(name: String, searchPath: String)

    /// Picks the program from a stanza's `rndc_path` and `reload` and the PATH dadns runs with.
    public static func choose(rndcPath: String?, reload: Bool, searchPath: String?) -> RndcProgram {
        guard reload else { return .disabled(by: "reload: false") }
        guard let rndcPath else { return locate("rndc", searchPath: searchPath) }
        if rndcPath.isEmpty { return .disabled(by: "rndc_path: \"\"") }
        return rndcPath.contains("/") ? .configured(rndcPath) : locate(rndcPath, searchPath: searchPath)
    }

    private static func locate(_ name: String, searchPath: String?) -> RndcProgram {
        ExecutableSearch.find(name, searchPath: searchPath).map { .foundOnPath($0) }
            ?? .notFound(name: name, searchPath: ExecutableSearch.effective(searchPath))
    }

    /// The program to run; nil when reloads are skipped.
    public var path: String? {
        switch self {
        case .configured(let path), .foundOnPath(let path): return path
        case .disabled, .notFound: return nil
        }
    }

    /// Why reloads are skipped although nobody asked for it (a `degraded` reason), else nil.
    public var problem: String? {
        guard case .notFound(let name, let searchPath) = self else { return nil }
        return "no \(name) found on PATH (\(searchPath)): zone files are written but named is not told to load them; "
            + "install rndc (Debian: bind9-utils) or set rndc_path to it, or set reload: false to write files only"
    }

    /// For the start-up log and `dadns doctor`: the program and where it came from, or why none.
    public var description: String {
        switch self {
        case .configured(let path): return "rndc \(path) (rndc_path)"
        case .foundOnPath(let path): return "rndc \(path) (found on PATH)"
        case .disabled(let setting): return "reloads are skipped (\(setting)): zone files and the include are written, named is not told"
        case .notFound: return "reloads are skipped: " + (problem ?? "")
        }
    }
}
