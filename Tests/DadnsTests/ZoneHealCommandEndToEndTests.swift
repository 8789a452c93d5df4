import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: `dadns zone heal D` against `dadns serve` with a real named and healing off — a
/// zone file removed behind dadns's back is written again, a zone in line is left.
@Suite("dadns zone heal end to end", .serialized, .offThePool)
struct ZoneHealCommandEndToEndTests {
    @Test func aZoneFileRemovedBehindOurBackIsWrittenAgain() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named), extra: "healing: {enabled: false}")
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        try OperatorViewTests.push(daemon, "heal.example", serial: 5)
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp("bind") }, "\(daemon.log())")
        let file = named.zonesDirectory + "/heal.example.db"
        #expect(FileManager.default.fileExists(atPath: file))

        let inLine = try daemon.cli(["zone", "heal", "heal.example"])
        #expect(inLine.status == 0 && inLine.output.contains("bind: in line"), "\(inLine.output)")

        try FileManager.default.removeItem(atPath: file)
        let healed = try daemon.cli(["zone", "heal", "HEAL.example"])
        #expect(healed.status == 0 && healed.output.contains("bind: missing or different: sent again"), "\(healed.output)")
        #expect(DadnsProcess.waitFor { FileManager.default.fileExists(atPath: file) }, "\(daemon.log())")
        #expect(try OperatorViewTests.servesSerial(named, "heal.example", 5))

        let unknown = try daemon.cli(["zone", "heal", "nothing.example"])
        #expect(unknown.status != 0 && unknown.output.contains("nothing.example is not known"), "\(unknown.output)")
    }
}
