import ArgumentParser

/// What the operator commands that can be narrowed to one backend take (`dadns zones`, `retry`,
/// `probe`): the operator options and `--backend`, which must name a backend this configuration
/// enables before the daemon or the store is asked.
struct BackendScopeOptions: ParsableArguments {
    @OptionGroup var options: OperatorOptions
    @Option(help: "Only this backend.") var backend: String?

    /// The session (the configuration is read first), with `--backend` checked.
    func open() throws -> OperatorSession {
        let session = try OperatorSession(options: options)
        try session.requireEnabled(backend)
        return session
    }
}
