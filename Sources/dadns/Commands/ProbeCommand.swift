import ArgumentParser
import Engine
import Foundation
import Operator

/// `dadns probe`: asks the backends' DNS servers what they serve now (the served-state probe).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Ask each backend's DNS server (its dns_address) for the SOA of every zone, or one; queue stale and missing zones again.",
        discussion: "Exits 1 when a zone is stale, missing or unanswered, or a server cannot be asked.")

    @OptionGroup var scope: BackendScopeOptions
    @Option(help: "Only this zone.") var zone: String?

    func run() async throws {
        // A zone name becomes part of the query: checked before anything is asked.
        let zone = try self.zone.map(ZoneName.normalized)
        let session = try scope.open()
        let backend = scope.backend
        let report: ProbeReport
        do {
            report = try await session.run { try await $0.probe(zone: zone, backend: backend) }
        } catch OperatorQueryError.unknownZone(let domain) {
            throw OperatorError("\(domain) is not a present zone here: nothing to probe (dadns zones lists the zones)")
        } catch let unavailable as ProbeUnavailable {
            throw OperatorError(unavailable.description)
        }
        if scope.options.json {
            print(try OperatorSession.encode(report))
        } else {
            print(Self.text(report), terminator: "")
            if let zone, report.results.isEmpty, report.backends.contains(where: { $0.error == nil }) {
                print("\(zone) was not asked: no probed backend holds it at its current generation yet (dadns zone show \(zone) says where it stands)")
            }
        }
        if !report.allServed { throw ExitCode(1) }
    }

    /// One line per zone that is not served (every zone asked for with --zone), then one per backend.
    static func text(_ report: ProbeReport) -> String {
        var lines = report.results.map { result in
            "\(result.backend)  \(result.zone)  \(result.summary)" + (result.state == .served ? " (serial \(result.wantedSerial))" : "")
        }
        for backend in report.backends {
            var line = "\(backend.name) (\(backend.address)): \(backend.total) zone(s): \(backend.served) served, \(backend.stale) stale, "
                + "\(backend.missing) missing, \(backend.unanswered) unanswered"
            if backend.requeued > 0 { line += "; \(backend.requeued) queued to be applied again" }
            if let error = backend.error { line += "; cannot ask: \(error)" }
            lines.append(line)
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
