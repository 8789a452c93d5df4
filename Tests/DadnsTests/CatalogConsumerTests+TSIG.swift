import Foundation
import Testing
import DadnsTestKit

/// `tsig_key_file` end to end: the bind backend names the key in `allow-transfer` and
/// `also-notify`; a named consumer that signs with it follows the catalog, and a transfer
/// without the key is refused.
extension CatalogConsumerTests {
    @Test func aConsumerWithTheTSIGKeyFollowsAndTransfersWithoutItAreRefused() async throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-tsig-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let keyFile = scratch.appendingPathComponent("xfr.key").path
        let generated = try await ProgramRun.output(["/usr/sbin/tsig-keygen", "-a", "hmac-sha256", "xfr-key"])
        try #require(generated.status == 0, "tsig-keygen failed (install bind9, which ships it): \(generated.output)")
        try generated.output.write(toFile: keyFile, atomically: true, encoding: .utf8)

        try await bindBackendFeeds(count: 20, settings: "\n  tsig_key_file: \(keyFile)", then: { primary, daemon in
            // From the consumer's address, without the key: refused, for the catalog and a
            // member; with the key: the whole zone.
            for zone in [Self.catalog, "z1.catalog-test.example"] {
                let unsigned = try Self.axfr(port: primary.port, zone, keyFile: nil)
                #expect(unsigned.contains("Transfer failed") && !unsigned.contains("\tSOA\t"), "AXFR of \(zone) without the key:\n\(unsigned)")
                let signed = try Self.axfr(port: primary.port, zone, keyFile: keyFile)
                #expect(signed.components(separatedBy: "\tSOA\t").count == 3, "AXFR of \(zone) with the key:\n\(signed)")
            }
            let secret = Self.secret(in: try String(contentsOfFile: keyFile, encoding: .utf8))
            #expect(!daemon.log().contains(secret), "the TSIG secret appears in dadns's log")
        }) { try CatalogConsumer.named(catalog: Self.catalog, primaryPort: $0, keyFile: keyFile, keyName: "xfr-key") }
    }

    /// `dig AXFR` from 127.0.0.1, signed with the key in `keyFile` when given; dig's output.
    static func axfr(port: Int, _ zone: String, keyFile: String?) throws -> String {
        try ProgramRun.output(["/usr/bin/dig", "@127.0.0.1", "-p", String(port), zone, "AXFR", "+time=2", "+tries=1"]
            + (keyFile.map { ["-k", $0] } ?? [])).output
    }

    /// The base64 secret of a BIND key file.
    static func secret(in keyFile: String) -> String {
        keyFile.components(separatedBy: "secret \"").dropFirst().first?.components(separatedBy: "\"").first ?? "<no secret>"
    }
}
