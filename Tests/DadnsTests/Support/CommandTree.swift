import DadnsTestKit
import Foundation

/// The `dadns` command tree as the binary itself describes it (`--experimental-dump-help`,
/// swift-argument-parser's ToolInfo JSON): subcommands and their long option names.
struct CommandTree: Decodable {
    struct Name: Decodable {
        var kind: String
        var name: String
    }

    struct Argument: Decodable {
        var names: [Name]?
    }

    struct Command: Decodable {
        var commandName: String
        var subcommands: [Command]?
        var arguments: [Argument]?

        /// Long option and flag names (`config`, `json`, …).
        var longNames: Set<String> {
            Set((arguments ?? []).flatMap { $0.names ?? [] }.filter { $0.kind == "long" }.map(\.name))
        }

        func subcommand(_ name: String) -> Command? { subcommands?.first { $0.commandName == name } }
    }

    var command: Command

    /// Runs `binary --experimental-dump-help`.
    static func load(binary: String) throws -> CommandTree {
        try JSONDecoder().decode(CommandTree.self, from: Data(try ProgramRun.text([binary, "--experimental-dump-help"]).utf8))
    }

    /// The deepest command the leading `words` name, and how many words that took.
    func resolve(_ words: [String]) -> (command: Command, depth: Int) {
        var current = command
        var depth = 0
        for word in words {
            guard let next = current.subcommand(word) else { break }
            current = next
            depth += 1
        }
        return (current, depth)
    }
}
