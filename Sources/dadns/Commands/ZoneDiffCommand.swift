import ArgumentParser
import Foundation
import Operator

/// `dadns zone diff D [FROM [TO]]`: a unified diff of two versions' records in canonical form.
struct ZoneDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show a unified diff of the records of two versions of a zone (default: the previous and the current).")

    @OptionGroup var zone: ZoneOptions
    @Argument(help: "The older generation (default: the kept version before TO).") var from: Int64?
    @Argument(help: "The newer generation (default: the current one).") var to: Int64?

    func run() async throws {
        try await zone.answer({ try await $0.zoneDiff($1, from: from, to: to) }) { document, domain in
            if document.diff.isEmpty {
                print("\(domain): generations \(document.from) and \(document.to) hold the same records")
            } else {
                print(document.diff, terminator: "")
            }
        }
    }
}
