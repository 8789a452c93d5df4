import ArgumentParser
import Engine
import Foundation
import Operator

/// `dadns reconcile [list]`, `dadns reconcile approve|ignore|unignore D`: what the running
/// daemon's reconciler left for the operator, and the operator's decisions on it.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "The reconciler's orphans and missing zones: list them, approve or ignore one (asks the running daemon).",
        discussion: """
            list (the default): the last pass per DirectAdmin server, the orphans it did not delete (dry run or the \
            bulk-delete guard), the zones missing here, and the ignore list. approve D: delete the orphan D now (only \
            if unchanged since the pass), or fetch the missing zone D from its server now. ignore D: later passes \
            leave D alone and stop listing it. unignore D: take D off the ignore list.
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case list, approve, ignore, unignore
    }

    @OptionGroup var options: OperatorOptions
    @Argument(help: "list, approve, ignore or unignore.") var verb: Verb = .list
    @Argument(help: "The zone's domain (approve, ignore, unignore).") var domain: String?

    func validate() throws {
        if verb == .list, domain != nil { throw ValidationError("list takes no domain") }
        if verb != .list, domain == nil { throw ValidationError("\(verb.rawValue) needs the zone's domain") }
    }

    func run() async throws {
        let session = try OperatorSession(options: options)
        guard let action = ReconcileDecision.Action(rawValue: verb.rawValue), let domain else {
            let list = try await session.run { try await $0.reconcilerCandidates() }
            print(options.json ? try OperatorSession.encode(list) : Self.text(list))
            return
        }
        let name = try ZoneName.normalized(domain)
        let decision = try await session.run { try await $0.decide(action, name) }
        print(options.json ? try OperatorSession.encode(decision) : "\(name) (\(decision.kind.rawValue)): \(decision.outcome)")
        if !decision.done { throw ExitCode(1) }
    }

    static func text(_ list: ReconcilerCandidates) -> String {
        guard let pass = list.lastPass else { return "the reconciler has not finished a pass yet" }
        var lines = ["last pass: \(HumanFormat.time(pass.finishedAt))\(pass.dryRun ? " [DRY-RUN]" : "")"]
        for server in pass.servers {
            let state = server.error.map { "unreachable: \($0)" } ?? "\(server.zonesSeen) listed, \(server.orphans.count) orphan(s), \(server.missing.count) missing"
            lines.append("  \(server.hostname): \(state)")
        }
        for (title, candidates) in [("orphans", list.orphans), ("missing here", list.missing)] {
            lines.append("\n\(title):" + (candidates.isEmpty ? " none" : ""))
            lines += candidates.map { "  \($0.domain) (\($0.hostname)): \($0.reason)" }
        }
        lines.append("\nignored:" + (list.ignored.isEmpty ? " none" : ""))
        lines += list.ignored.map { "  \($0.domain) (\($0.kind.rawValue), \($0.hostname)) since \(HumanFormat.time($0.ignoredAt))" }
        return lines.joined(separator: "\n")
    }
}
