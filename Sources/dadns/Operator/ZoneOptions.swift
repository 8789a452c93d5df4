import ArgumentParser
import Operator

/// What every `dadns zone …` command that asks the daemon or the store takes: the operator
/// options, then the zone.
struct ZoneOptions: ParsableArguments {
    @OptionGroup var options: OperatorOptions
    @Argument(help: "The zone's domain.") var domain: String

    /// The session (the configuration is read first), and the zone's name checked (`ZoneName`).
    func open() throws -> (session: OperatorSession, domain: String) {
        let session = try OperatorSession(options: options)
        return (session, try ZoneName.normalized(domain))
    }

    /// Opens the session and answers `query` for the zone as `OperatorSession.answer` does.
    func answer<Answer: Encodable>(
        _ query: (any OperatorAPI, String) async throws -> Answer, human: (Answer, String) throws -> Void
    ) async throws {
        let (session, domain) = try open()
        try await session.answer({ try await query($0, domain) }) { try human($0, domain) }
    }
}
