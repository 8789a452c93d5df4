import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The docs cannot drift from the program: every `dadns` command and flag shown in README.md and
/// docs/*.md exists in the binary's own command tree, every `scripts/…` program exists and takes
/// the flags shown, every `swift test --filter` names a test, and every relative link stays inside
/// the repository and points at a file that is there. Every command of the binary is shown
/// somewhere. The same holds for `dadns-bench`, the benchmarks' binary.
@Suite("Documented commands", .offThePool)
struct DocumentedCommandsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every command of README.md and docs/*.md, in order.
    static func documentedCommands() throws -> [DocumentedCommand] {
        try DocumentedCommands.files(repository: repository).flatMap { file -> [DocumentedCommand] in
            let text = try String(contentsOf: file, encoding: .utf8)
            return DocumentedCommands.codeFragments(text).flatMap {
                DocumentedCommands.commands(in: $0.text, location: "\(Self.relative(file)):\($0.line)")
            }
        }
    }

    static func relative(_ file: URL) -> String {
        String(file.standardizedFileURL.path.dropFirst(repository.standardizedFileURL.path.count + 1))
    }

    @Test func theExtractorFindsCommandsFlagsAndComments() {
        let found = DocumentedCommands.commands(
            in: "dadns zones --state failed   # pairs; --json for scripts", location: "x:1")
        #expect(found == [DocumentedCommand(
            program: .dadns(words: ["zones"]), flags: ["state", "json"], location: "x:1",
            text: "dadns zones --state failed # pairs; --json for scripts")])
        #expect(DocumentedCommands.commands(in: "sudo -u dadns /usr/local/bin/dadns check-config --config /etc/a.yml", location: "x")
            .map(\.program) == [.dadns(words: ["check-config"])])
        #expect(DocumentedCommands.commands(in: "adduser dadns bind", location: "x").isEmpty)
        let bench = DocumentedCommands.commands(in: ".build/release/dadns-bench push --zones 10 # --keep", location: "x")
        #expect(bench.map(\.program) == [.bench(words: ["push"])])
        #expect(bench.first?.flags == ["zones", "keep"])
        #expect(DocumentedCommands.commands(in: "swift run dadns-bench parse", location: "x").map(\.program)
            == [.bench(words: ["parse"])])
        #expect(DocumentedCommands.commands(in: "journalctl -u dadns -f", location: "x").isEmpty)
        #expect(DocumentedCommands.commands(in: "dadns zone check [--origin NAME] FILE|-", location: "x").first?.flags == ["origin"])
        #expect(DocumentedCommands.commands(in: "python3 scripts/load-test.py --minutes 30", location: "x").first?.program
            == .script(path: "scripts/load-test.py"))
        #expect(DocumentedCommands.commands(in: "swift test --filter HostileInputTests", location: "x").first
            .map { ($0.program, $0.flags.isEmpty) } ?? (.script(path: ""), false) == (.testFilter(name: "HostileInputTests"), true))
    }

    @Test func everyDocumentedDadnsCommandAndFlagExists() throws {
        let problems = try Self.checkDocumented(binary: "dadns", path: try TestBinaries.dadns(), minimum: 30) {
            if case .dadns(let words) = $0 { words } else { nil }
        }
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyCommandOfTheBinaryIsDocumented() throws {
        let missing = try Self.undocumentedCommands(binary: "dadns", path: try TestBinaries.dadns()) {
            if case .dadns(let words) = $0 { words } else { nil }
        }
        #expect(missing.isEmpty, "commands no page shows: \(missing.joined(separator: ", "))")
    }

    /// The benchmarks are their own binary; the docs show their commands the same way.
    @Test func everyDocumentedBenchCommandAndFlagExists() throws {
        let problems = try Self.checkDocumented(binary: "dadns-bench", path: try TestBinaries.dadnsBench(), minimum: 3) {
            if case .bench(let words) = $0 { words } else { nil }
        }
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyCommandOfTheBenchBinaryIsDocumented() throws {
        let missing = try Self.undocumentedCommands(binary: "dadns-bench", path: try TestBinaries.dadnsBench()) {
            if case .bench(let words) = $0 { words } else { nil }
        }
        #expect(missing.isEmpty, "commands no page shows: \(missing.joined(separator: ", "))")
    }

    /// The production binary has no benchmark in it any more.
    @Test func dadnsHasNoBenchCommand() throws {
        let tree = try CommandTree.load(binary: try TestBinaries.dadns())
        #expect(tree.command.subcommand("bench") == nil)
        let bench = try CommandTree.load(binary: try TestBinaries.dadnsBench())
        #expect(bench.command.subcommand("push") != nil)
    }

    /// Problems with the documented commands of `binary` (the words `select` picks out): a
    /// command or an option the binary at `path` does not have. Fails when fewer than `minimum`
    /// commands were found.
    static func checkDocumented(
        binary: String, path: String, minimum: Int, _ select: (DocumentedCommand.Program) -> [String]?
    ) throws -> [String] {
        let tree = try CommandTree.load(binary: path)
        var problems: [String] = []
        var checked = 0
        for command in try documentedCommands() {
            guard let words = select(command.program) else { continue }
            checked += 1
            let (resolved, depth) = tree.resolve(words)
            if depth == 0 && !words.isEmpty {
                problems.append("\(command): \(binary) has no command '\(words[0])'")
                continue
            }
            if depth < words.count, resolved.subcommands?.isEmpty == false {
                problems.append("\(command): '\(words.prefix(depth).joined(separator: " "))' has no subcommand '\(words[depth])'")
                continue
            }
            for flag in command.flags where !resolved.longNames.contains(flag) {
                let path = ([binary] + words.prefix(depth)).joined(separator: " ")
                problems.append("\(command): \(path) has no option --\(flag)")
            }
        }
        if checked < minimum { problems.append("only \(checked) \(binary) commands found in the docs: is the extractor broken?") }
        return problems
    }

    /// Commands of the binary at `path` that no page shows.
    static func undocumentedCommands(
        binary: String, path: String, _ select: (DocumentedCommand.Program) -> [String]?
    ) throws -> [String] {
        let tree = try CommandTree.load(binary: path)
        var documented: Set<String> = []
        for command in try documentedCommands() {
            guard let words = select(command.program) else { continue }
            let depth = tree.resolve(words).depth
            for length in 1...max(depth, 1) where length <= depth { documented.insert(words.prefix(length).joined(separator: " ")) }
        }
        var missing: [String] = []
        func visit(_ command: CommandTree.Command, path: [String]) {
            for sub in command.subcommands ?? [] where sub.commandName != "help" {
                let name = (path + [sub.commandName]).joined(separator: " ")
                if !documented.contains(name) { missing.append("\(binary) \(name)") }
                visit(sub, path: path + [sub.commandName])
            }
        }
        visit(tree.command, path: [])
        return missing
    }

    @Test func everyDocumentedScriptExistsAndTakesItsFlags() throws {
        var problems: [String] = []
        var checked = 0
        var helpTexts: [String: String] = [:]
        for command in try Self.documentedCommands() {
            guard case .script(let path) = command.program else { continue }
            checked += 1
            let file = Self.repository.appendingPathComponent(path)
            guard FileManager.default.isExecutableFile(atPath: file.path) || path.hasSuffix(".py") && FileManager.default.fileExists(atPath: file.path)
            else {
                problems.append("\(command): \(path) does not exist or is not executable")
                continue
            }
            guard path.hasSuffix(".py"), !command.flags.isEmpty else { continue }
            if helpTexts[path] == nil { helpTexts[path] = try Self.pythonHelp(file) }
            for flag in command.flags where !(helpTexts[path] ?? "").contains("--\(flag)") {
                problems.append("\(command): \(path) --help shows no --\(flag)")
            }
        }
        #expect(checked >= 8, "only \(checked) script commands found in the docs")
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyDocumentedTestFilterNamesATest() throws {
        let sources = try FileManager.default.subpathsOfDirectory(atPath: Self.repository.appendingPathComponent("Tests").path)
            .filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: Self.repository.appendingPathComponent("Tests/\($0)"), encoding: .utf8) }
            .joined(separator: "\n")
        var problems: [String] = []
        var checked = 0
        for command in try Self.documentedCommands() {
            guard case .testFilter(let name) = command.program else { continue }
            checked += 1
            let declaration = "(struct|class|enum|extension|actor) \(NSRegularExpression.escapedPattern(for: name))\\b|func \(NSRegularExpression.escapedPattern(for: name))\\("
            if sources.range(of: declaration, options: .regularExpression) == nil {
                problems.append("\(command): no test named \(name)")
            }
        }
        #expect(checked >= 2)
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    @Test func relativeLinksStayInTheRepositoryAndResolve() throws {
        let root = Self.repository.standardizedFileURL.path
        var problems: [String] = []
        var checked = 0
        for file in try DocumentedCommands.files(repository: Self.repository) {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = Self.relative(file)
            for link in DocumentedCommands.climbingPaths(in: text, file: file, name: name) {
                let target = file.deletingLastPathComponent().appendingPathComponent(link.target).standardizedFileURL.path
                if !target.hasPrefix(root + "/") { problems.append("\(link.location): `\(link.target)` points outside the repository") }
            }
            for link in DocumentedCommands.links(in: text, file: file, name: name) {
                checked += 1
                let path = String(link.target.prefix { $0 != "#" })
                guard !path.isEmpty else { continue }
                let target = file.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
                if !target.hasPrefix(root + "/") {
                    problems.append("\(link.location): (\(link.target)) points outside the repository")
                } else if !FileManager.default.fileExists(atPath: target) {
                    problems.append("\(link.location): (\(link.target)) does not exist")
                }
            }
        }
        #expect(checked >= 5)
        #expect(problems.isEmpty, "\n\(problems.joined(separator: "\n"))")
    }

    /// `python3 FILE --help`.
    static func pythonHelp(_ file: URL) throws -> String {
        try ProgramRun.text(["/usr/bin/env", "python3", file.path, "--help"])
    }
}
