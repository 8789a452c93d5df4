import ArgumentParser
import Foundation
import Operator

/// `dadns zone rollback D --to GEN`: stores a kept version again as a new generation.
struct ZoneRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Store a kept version of a zone again as a new generation (journaled as an operator action) and send it to every backend.")

    @OptionGroup var zone: ZoneOptions
    @Option(name: .long, help: "The generation to roll back to (see `dadns zone history`).") var to: Int64
    @Flag(name: .long, help: "Do not ask for confirmation (required when standard input is not a terminal).") var yes = false

    func run() async throws {
        let (session, domain) = try zone.open()
        if zone.options.offline, let running = session.runningDaemon {
            throw OperatorError("\(running): roll back through it (leave out --offline), so its backends are sent the change now")
        }
        if !yes {
            guard isatty(0) == 1 else { throw OperatorError("rollback changes \(domain) on every backend: pass --yes to confirm") }
            print("Roll \(domain) back to generation \(to) on every backend? [y/N] ", terminator: "")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                print("not rolled back")
                return
            }
        }
        try await session.answer({ try await $0.rollback(domain, to: to) }) { result in
            if result.changed {
                print("\(domain): generation \(result.rolledBackTo)'s records stored as generation \(result.generation); backends are being sent it")
                if let warning = result.serialWarning { print("warning: \(warning)") }
            } else {
                print("\(domain): already holds generation \(result.rolledBackTo)'s records (generation \(result.generation)); nothing changed")
            }
        }
    }
}
