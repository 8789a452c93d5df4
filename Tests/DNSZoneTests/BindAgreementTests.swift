import Foundation
import Testing
@testable import DNSZone
import DadnsTestTraits

/// The parser accepts exactly what BIND accepts, and yields the same record set.
@Suite("Agreement with BIND's named-compilezone", .offThePool)
struct BindAgreementTests {
    @Test("the corpus is big enough")
    func corpusSize() {
        let invalid = CorpusFile.all.filter { !$0.expectValid }.count
        #expect(CorpusFile.all.count >= 60, "corpus has \(CorpusFile.all.count) files")
        #expect(invalid >= 25, "corpus has \(invalid) invalid files")
    }

    @Test("same verdict and same records as BIND", arguments: CorpusFile.all)
    func agreesWithBind(file: CorpusFile) throws {
        let bind = try BindCompiler.compile(file: file.url, origin: file.origin)
        #expect(bind.accepted == file.expectValid, "BIND's verdict differs from the corpus folder: \(bind.messages)")
        let origin = try file.originName
        let bytes = try file.bytes
        let ours = Result { () throws(ZoneError) -> Zone in try ZoneParser.parse(bytes, origin: origin) }
        switch (ours, bind.accepted) {
        case (.success(let zone), true):
            let bindZone = try ZoneParser.parse(bind.output, origin: origin)
            let ourRecords = Set(zone.records)
            let bindRecords = Set(bindZone.records)
            #expect(zone.recordCount == bindZone.recordCount)
            let missing = bindRecords.subtracting(ourRecords).map(\.description).sorted()
            let extra = ourRecords.subtracting(bindRecords).map(\.description).sorted()
            #expect(missing.isEmpty && extra.isEmpty, "records BIND has and we lack: \(missing); records we have and BIND lacks: \(extra)")
        case (.failure(let error), true):
            Issue.record("we reject what BIND accepts: line \(error.line): \(error.reason)")
        case (.success, false):
            Issue.record("we accept what BIND rejects: \(bind.messages)")
        case (.failure(let error), false):
            #expect(error.line >= 0)
            #expect(!error.reason.isEmpty)
        }
    }
}
