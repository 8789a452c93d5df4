import Foundation
@testable import DNSZone

/// The zone files under Corpus/valid and Corpus/invalid, each with its origin from the
/// `; origin: NAME` header line.
struct CorpusFile: CustomStringConvertible, Sendable {
    let url: URL
    let expectValid: Bool
    let origin: String

    var name: String { url.lastPathComponent }
    var description: String { (expectValid ? "valid/" : "invalid/") + name }

    var bytes: [UInt8] {
        get throws { Array(try Data(contentsOf: url)) }
    }

    var originName: DNSName {
        get throws { try DNSName(origin + ".") }
    }

    static let all: [CorpusFile] = load()

    private static func load() -> [CorpusFile] {
        guard let root = Bundle.module.url(forResource: "Corpus", withExtension: nil) else { return [] }
        var files: [CorpusFile] = []
        for (folder, valid) in [("valid", true), ("invalid", false)] {
            let directory = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".db") {
                let url = directory.appendingPathComponent(name)
                let head = (try? Data(contentsOf: url)).map { String(decoding: $0.prefix(300), as: UTF8.self) } ?? ""
                var origin = "example.com"
                for line in head.split(whereSeparator: \.isNewline) {
                    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                    if trimmed.hasPrefix("; origin:") {
                        origin = trimmed.dropFirst("; origin:".count).trimmingCharacters(in: .whitespaces)
                        break
                    }
                }
                files.append(CorpusFile(url: url, expectValid: valid, origin: origin))
            }
        }
        return files
    }
}
