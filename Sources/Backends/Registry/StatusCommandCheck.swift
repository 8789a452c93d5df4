import SettingsKit

extension DoctorFinding {
    /// The finding of a backend's read-only status command (`rndc status`, `nsd-control status`):
    /// ok when it answers, a warning when none is configured (`whenNone` says what to set), an
    /// error saying what to check (`fix`) when it fails, or which key to set (`programKey`) when
    /// it cannot run. A failure stops that backend's changes, not start-up.
    static func statusCommand(
        _ stanza: BackendStanza, tool: String, _ argv: [String]?, timeout: Double, programKey: SettingKey, fix: String,
        whenNone: String
    ) async -> DoctorFinding {
        let check = "\(stanza.name) \(tool) status"
        guard let argv else {
            return .warning(check, "no \(tool) will run: zone files are written but the server is not told", fix: whenNone)
        }
        let shown = argv.joined(separator: " ")
        do {
            let result = try await CommandRunner.run(argv, timeout: timeout)
            if result.status == 0 && !result.timedOut { return .ok(check, "answers (\(shown))") }
            return .error(check, "`\(shown)` failed: \(result.summary)", fix: fix, stopsStartUp: false)
        } catch {
            return .error(
                check, "`\(shown)` cannot run: \(error)", fix: "install \(tool) or set \(stanza.path(programKey))", stopsStartUp: false)
        }
    }
}
