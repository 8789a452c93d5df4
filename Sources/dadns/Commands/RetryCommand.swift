import ArgumentParser
import Foundation
import Operator

/// `dadns retry`: queues failed and retrying (backend, zone) pairs again at once.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Apply failed or retrying zones again now (all, or one backend or zone).")

    @OptionGroup var scope: BackendScopeOptions
    @Option(help: "Only this zone.") var zone: String?

    func run() async throws {
        let session = try scope.open()
        let backend = scope.backend
        let zone = self.zone?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let unknown = zone.map { OperatorError("\($0) is not known to this node: nothing to retry (dadns zones lists the zones it has)") }
        do {
            try await session.answer({ try await $0.retry(backend: backend, zone: zone) }) { result in
                print(result.queued == 0 ? "nothing to retry" : "queued \(result.queued) zone(s) for another attempt")
            }
        } catch OperatorQueryError.unknownZone {
            throw unknown ?? OperatorError("nothing to retry")
        }
    }
}
