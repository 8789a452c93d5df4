/// knotc as the Knot backend uses it: always `-b` and `-s SOCKET`, a time limit per command, and
/// command scripts on standard input (knotc reads one command a line when it has no command
/// argument, answering each with `OK` or `error: …`, and exits 0 whatever they answered).
struct KnotControl: Sendable {
    let settings: KnotBackendSettings

    /// Why a command failed, in knotc's words (standard error and output on one line).
    struct Failure: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    /// What a finished command printed, and whether it succeeded.
    struct Reply: Sendable {
        var succeeded: Bool
        var result: CommandRunner.Result
        /// Standard error and output on one line (`OK` lines left out).
        var text: String { KnotControlOutput.describe(result) }
    }

    /// Runs `knotc -b -s SOCKET arguments…`; `script`: commands on standard input instead.
    func run(_ arguments: [String], script: [String]? = nil) async -> Result<Reply, Failure> {
        guard let command = settings.knotc(arguments) else {
            return .failure(Failure(description: "no knotc found ('\(settings.configuredKnotc)' is not on PATH)"))
        }
        do {
            let input = script.map { $0.joined(separator: "\n") + "\n" }
            let result = try await CommandRunner.run(command, input: input, timeout: settings.commandTimeout)
            return .success(Reply(succeeded: result.status == 0 && !result.timedOut, result: result))
        } catch {
            return .failure(Failure(description: "cannot run \(command[0]): \(error)"))
        }
    }

    /// Runs a command that must succeed; its standard output, or the failure in words.
    func expectSuccess(_ arguments: [String]) async -> Result<String, Failure> {
        switch await run(arguments) {
        case .success(let reply) where reply.succeeded: return .success(reply.result.output)
        case .success(let reply): return .failure(Failure(description: "knotc \(arguments.joined(separator: " ")): \(reply.text)"))
        case .failure(let failure): return .failure(failure)
        }
    }

    /// Runs a zone command (`zone-reload`, `zone-purge -f`) for `zones`, `zonesPerCommand` at a
    /// time: each zone's error, if knotc reported one (a command that failed as a whole fails
    /// every zone it named).
    func zoneCommand(_ command: [String], zones: [String], suffix: [String] = []) async -> [String: String] {
        var errors: [String: String] = [:]
        var start = 0
        while start < zones.count {
            let chunk = Array(zones[start..<min(zones.count, start + settings.zonesPerCommand)])
            start += chunk.count
            switch await run(command + chunk + suffix) {
            case .success(let reply) where reply.succeeded:
                continue
            case .success(let reply):
                let perZone = KnotControlOutput.zoneErrors(reply.result.errorOutput + "\n" + reply.result.output)
                let whole = "knotc \(command.joined(separator: " ")): \(reply.text)"
                for zone in chunk {
                    if let error = perZone[zone] {
                        errors[zone] = "knotc \(command.joined(separator: " ")) \(zone): \(error)"
                    } else if perZone.isEmpty {
                        errors[zone] = whole
                    }
                }
            case .failure(let failure):
                for zone in chunk { errors[zone] = failure.description }
            }
        }
        return errors
    }
}
