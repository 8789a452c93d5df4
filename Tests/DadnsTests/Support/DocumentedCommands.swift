import Foundation

/// The commands the README and `docs/` show an operator, found in fenced code blocks and inline
/// code spans: `dadns …` invocations, `scripts/…` programs and `swift test --filter NAME`, each
/// with the long flags written after it (trailing `#` comments count: "# --keep-alive, --json"
/// claims those flags exist too).
struct DocumentedCommand: Equatable, CustomStringConvertible {
    enum Program: Equatable {
        /// `dadns` with the words after it (subcommands, then arguments).
        case dadns(words: [String])
        /// `dadns-bench` with the words after it.
        case bench(words: [String])
        /// A file under `scripts/`.
        case script(path: String)
        /// `swift test --filter NAME`.
        case testFilter(name: String)
    }

    var program: Program
    /// Long flags without `--` and without `=value`.
    var flags: [String]
    /// `README.md:12`.
    var location: String
    var text: String

    var description: String { "\(location): `\(text)`" }
}

/// A relative Markdown link and where it was written.
struct DocumentedLink: Equatable {
    var target: String
    var file: URL
    var location: String
}

enum DocumentedCommands {
    /// The Markdown files an operator reads: README.md and docs/*.md.
    static func files(repository: URL) throws -> [URL] {
        let docs = repository.appendingPathComponent("docs")
        let pages = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return [repository.appendingPathComponent("README.md")] + pages.map { docs.appendingPathComponent($0) }
    }

    /// Code lines (fenced blocks) and code spans of a Markdown text, with their line numbers.
    static func codeFragments(_ markdown: String) -> [(line: Int, text: String)] {
        var fragments: [(Int, String)] = []
        var inBlock = false
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inBlock.toggle()
                continue
            }
            if inBlock {
                fragments.append((index + 1, line))
                continue
            }
            let parts = line.components(separatedBy: "`")
            // Odd-numbered parts lie between backticks.
            for (part, text) in parts.enumerated() where part % 2 == 1 && !text.isEmpty { fragments.append((index + 1, text)) }
        }
        return fragments
    }

    /// The commands in one code fragment.
    static func commands(in text: String, location: String) -> [DocumentedCommand] {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var commands: [DocumentedCommand] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let program: DocumentedCommand.Program?
            if let binary = binaryName(token, previous: index > 0 ? tokens[index - 1] : nil) {
                var words: [String] = []
                var next = index + 1
                while next < tokens.count, tokens[next].range(of: "^[a-z][a-z0-9-]*$", options: .regularExpression) != nil {
                    words.append(tokens[next])
                    next += 1
                }
                program = words.isEmpty && !(tokens.dropFirst(index + 1).first?.hasPrefix("--") ?? false) ? nil
                    : binary == "dadns" ? .dadns(words: words) : .bench(words: words)
            } else if let script = token.range(of: "scripts/[A-Za-z0-9_-]+(\\.(py|sh))?$", options: .regularExpression) {
                program = .script(path: String(token[script]))
            } else if token == "swift", index + 3 < tokens.count, tokens[index + 1] == "test", tokens[index + 2] == "--filter" {
                program = .testFilter(name: tokens[index + 3])
            } else {
                program = nil
            }
            guard let program else {
                index += 1
                continue
            }
            // Flags up to the next command separator (comments included).
            var flags: [String] = []
            var end = index + 1
            while end < tokens.count, !["&&", "||", "|", ";"].contains(tokens[end]) {
                if let flag = longFlag(tokens[end]) { flags.append(flag) }
                end += 1
            }
            if case .testFilter = program { flags.removeAll { $0 == "filter" } }
            commands.append(DocumentedCommand(
                program: program, flags: flags, location: location,
                text: tokens[index..<end].joined(separator: " ")))
            index = end
        }
        return commands
    }

    /// `dadns` or `dadns-bench` as a program name: a built or installed binary
    /// (`.build/release/dadns`, `/usr/local/bin/dadns`), or the bare word where a command starts
    /// (not `-u dadns`, `adduser … dadns`, `/var/lib/dadns`). Returns which of the two.
    private static func binaryName(_ token: String, previous: String?) -> String? {
        for name in ["dadns", "dadns-bench"] {
            if token.hasSuffix("/" + name) { return token.contains("bin/") || token.contains(".build") ? name : nil }
            guard token == name else { continue }
            guard let previous else { return name }
            return ["run", "exec", "(", "$(", "&&", "||", "|", ";"].contains(previous) ? name : nil
        }
        return nil
    }

    /// `--name` from `--name`, `[--name`, `--name=value`, `--name,`.
    private static func longFlag(_ token: String) -> String? {
        var text = Substring(token)
        while let first = text.first, "[(".contains(first) { text = text.dropFirst() }
        guard text.hasPrefix("--") else { return nil }
        let name = text.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "-" }
        return name.isEmpty ? nil : String(name)
    }

    /// Relative paths of documents written as code (`../shared/DESIGN.md`) that climb out of the
    /// file's folder. Paths without such an extension (`../../etc/passwd`, a hostile-input example)
    /// are not references.
    static func climbingPaths(in markdown: String, file: URL, name: String) -> [DocumentedLink] {
        let documentTypes = ["md", "swift", "yml", "yaml", "py", "sh", "txt", "json", "conf"]
        return codeFragments(markdown).flatMap { fragment in
            fragment.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).filter {
                $0.hasPrefix("../") && documentTypes.contains(String($0.split(separator: ".").last ?? ""))
            }.map {
                DocumentedLink(target: String($0), file: file, location: "\(name):\(fragment.line)")
            }
        }
    }

    /// Relative links `[text](target)` of a Markdown text (web links and anchors excluded).
    static func links(in markdown: String, file: URL, name: String) -> [DocumentedLink] {
        var links: [DocumentedLink] = []
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                let target = String(after[..<close])
                rest = after[close...]
                if target.contains("://") || target.hasPrefix("#") || target.hasPrefix("mailto:") { continue }
                links.append(DocumentedLink(target: target, file: file, location: "\(name):\(index + 1)"))
            }
        }
        return links
    }
}
