import Foundation
import Testing
@testable import Backends

/// `AtomicFile.writeAll` / `removeAll`: many files with one flush, each file on its own.
@Suite("AtomicFile batches")
struct AtomicFileBatchTests {
    func temporaryDirectory() throws -> String {
        let path = "/tmp/dadns-atomic-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesReplacesAndFailsOnlyTheFileThatCannotBeWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "old".write(toFile: directory + "/a.db", atomically: false, encoding: .utf8)
        let errors = AtomicFile.writeAll([
            (directory + "/a.db", Array("new a".utf8)),
            (directory + "/missing/b.db", Array("b".utf8)),
            (directory + "/c.db", Array("c".utf8)),
        ])
        #expect(errors[0] == nil && errors[2] == nil)
        #expect(errors[1]?.description.contains("cannot create") == true, "\(errors)")
        #expect(try String(contentsOfFile: directory + "/a.db", encoding: .utf8) == "new a")
        #expect(try String(contentsOfFile: directory + "/c.db", encoding: .utf8) == "c")
        // No temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.db", "c.db"])

        let removed = AtomicFile.removeAll([directory + "/a.db", directory + "/never.db"])
        #expect(removed == [nil, nil])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["c.db"])
    }
}
