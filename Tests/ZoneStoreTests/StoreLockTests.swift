import Foundation
import Testing
import ZoneStore

@Suite("Store lock")
struct StoreLockTests {
    @Test func aSecondLockOnTheSameStoreFailsNamingTheHolderUntilTheFirstIsReleased() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("dadns.db").path
        var first: StoreLock? = try StoreLock(storePath: store)
        #expect(try String(contentsOfFile: store + ".lock", encoding: .utf8) == "\(getpid())\n")
        do {
            _ = try StoreLock(storePath: store)
            Issue.record("a second lock on \(store) was granted")
        } catch {
            #expect(error.description == "another dadns (pid \(getpid())) is using the store \(store): stop it first, or give this one its own datastore.db_location")
        }
        #expect(first != nil)
        first = nil
        // Released with its descriptor (as when the process ends): the next start gets it.
        let again = try StoreLock(storePath: store)
        #expect(again.path == store + ".lock")
    }

    @Test func aLockFileThatCannotBeCreatedIsAClearError() {
        #expect(throws: StoreLock.Failure.self) { try StoreLock(storePath: "/nonexistent-dadns-dir/dadns.db") }
    }
}
