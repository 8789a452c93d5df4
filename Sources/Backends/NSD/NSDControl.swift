/// nsd-control as the NSD backend uses it: argument vectors, a time limit per command, standard
/// input for the batch commands, and NSD's replies read zone by zone.
struct NSDControl: Sendable {
    let settings: NSDBackendSettings

    /// Why a command gave no usable answer, in words (standard error and output included).
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Adds (or deletes) zones: one command per zone for a few, batch commands on standard input
    /// for many (`zonesPerBatchCommand` each). A failure of a command itself fails its zones
    /// with its text.
    func changeZones(
        _ domains: [String], deleting: Bool, batch: inout NSDCommandBatch
    ) async -> [String: NSDControlOutput.ZoneReply] {
        var replies: [String: NSDControlOutput.ZoneReply] = [:]
        if domains.count <= settings.perZoneCommandLimit {
            for domain in domains {
                let arguments = deleting ? ["delzone", domain] : ["addzone", domain, settings.pattern]
                switch await execute(arguments, batch: &batch) {
                case .success(let result): replies[domain] = NSDControlOutput.singleReply(result, deleting: deleting)
                case .failure(let failure): replies[domain] = .failed(failure.description)
                }
            }
            return replies
        }
        var start = 0
        while start < domains.count {
            let chunk = domains[start..<min(domains.count, start + settings.zonesPerBatchCommand)]
            start = chunk.endIndex
            let input = chunk.map { deleting ? $0 : "\($0) \(settings.pattern)" }.joined(separator: "\n") + "\n"
            switch await execute([deleting ? "delzones" : "addzones"], input: input, batch: &batch) {
            case .success(let result):
                let chunkReplies = NSDControlOutput.batchReplies(result.output)
                // A command that broke off fails the zones it did not answer for.
                let text = result.status != 0 || result.timedOut ? NSDControlOutput.describe(result) : "no answer for this zone"
                for domain in chunk { replies[domain] = chunkReplies[domain] ?? .failed(text) }
            case .failure(let failure):
                for domain in chunk { replies[domain] = .failed(failure.description) }
            }
        }
        return replies
    }

    /// Runs a command; nil on success, else the failure in words.
    func run(_ arguments: [String], batch: inout NSDCommandBatch) async -> String? {
        switch await execute(arguments, batch: &batch) {
        case .success(let result):
            return result.status == 0 && !result.timedOut ? nil : NSDControlOutput.describe(result)
        case .failure(let failure):
            return failure.description
        }
    }

    /// `zonestatus`: every zone NSD has, with its pattern (nil for a zone from nsd.conf).
    func zoneStatus(batch: inout NSDCommandBatch) async -> Result<[String: String?], Failure> {
        switch await execute(["zonestatus"], batch: &batch) {
        case .success(let result) where result.status == 0 && !result.timedOut:
            return .success(NSDControlOutput.zoneStatus(result.output))
        case .success(let result):
            return .failure(Failure(description: NSDControlOutput.describe(result)))
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// Runs nsd-control with `arguments`; a command that could not start is a failure, and so is
    /// every command after one of `batch` timed out.
    private func execute(
        _ arguments: [String], input: String? = nil, batch: inout NSDCommandBatch
    ) async -> Result<CommandRunner.Result, Failure> {
        guard let command = settings.control(arguments) else { return .failure(Failure(description: "no nsd-control configured")) }
        if let refusal = batch.refusal { return .failure(Failure(description: refusal)) }
        do {
            let result = try await CommandRunner.run(command, input: input, timeout: settings.commandTimeout)
            batch.record(arguments, timedOut: result.timedOut)
            return .success(result)
        } catch {
            return .failure(Failure(description: "cannot run \(command[0]): \(error)"))
        }
    }
}
