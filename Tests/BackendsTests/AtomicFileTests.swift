import Foundation
import Testing
@testable import Backends

/// Whole-file replacement, one file and many at once.
@Suite("Atomic file writes")
struct AtomicFileTests {
    func makeDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aBatchReplacesEveryFileAndLeavesNoTemporaryFiles() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write(Array("old\n".utf8), to: "\(directory)/zone1.db")
        let files = (1...50).map { (path: "\(directory)/zone\($0).db", bytes: Array("content \($0)\n".utf8)) }

        let errors = AtomicFile.write(batch: files)

        #expect(errors.allSatisfy { $0 == nil })
        for file in files {
            #expect(FileManager.default.contents(atPath: file.path) == Data(file.bytes))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == files.map { URL(fileURLWithPath: $0.path).lastPathComponent }.sorted())
    }

    @Test func aFailedFileInABatchFailsAloneAndKeepsItsOldContent() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A directory where a file should be: its rename fails; the others still land.
        try FileManager.default.createDirectory(atPath: "\(directory)/blocked.db/inner", withIntermediateDirectories: true)
        var files = (1...5).map { (path: "\(directory)/zone\($0).db", bytes: Array("content \($0)\n".utf8)) }
        files.insert((path: "\(directory)/blocked.db", bytes: Array("x".utf8)), at: 2)
        files.append((path: "\(directory)/missing-dir/zone.db", bytes: Array("y".utf8)))

        let errors = AtomicFile.write(batch: files)

        #expect(errors.enumerated().filter { $0.element != nil }.map(\.offset) == [2, 6])
        #expect(errors[2]?.description.contains("cannot rename") == true)
        #expect(errors[6]?.description.contains("cannot create") == true)
        #expect(FileManager.default.contents(atPath: "\(directory)/zone5.db") == Data("content 5\n".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aBatchRemoveToleratesMissingFiles() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write(Array("a".utf8), to: "\(directory)/a.db")
        let errors = AtomicFile.remove(batch: ["\(directory)/a.db", "\(directory)/never-there.db"])
        #expect(errors.allSatisfy { $0 == nil })
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/a.db"))
    }
}
