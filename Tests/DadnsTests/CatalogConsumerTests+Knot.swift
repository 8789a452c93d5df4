import Foundation
import Testing
import DadnsTestKit

/// Knot (Debian's `knot`, `catalog-role: interpret`) as the catalog consumer: the same scenario
/// as the named consumer, with the knot.conf sections docs/secondaries.md shows.
extension CatalogConsumerTests {
    @Test func knotConsumesTheCatalogOfABindBackend() async throws {
        try await bindBackendFeeds { try CatalogConsumer.knot(catalog: Self.catalog, primaryPort: $0) }
    }

    @Test func knotConsumesTheCatalogOfAnNSDBackend() async throws {
        try await nsdBackendFeeds { try CatalogConsumer.knot(catalog: Self.catalog, primaryPort: $0) }
    }

    /// docs/secondaries.md shows the Knot consumer configuration this suite runs, with the
    /// primary at 192.0.2.1 and the catalog catalog.example.net.
    @Test func theDocumentedKnotConfigurationIsTheTestedOne() throws {
        let docs = try String(contentsOf: ConfigDocsTests.repository.appendingPathComponent("docs/secondaries.md"), encoding: .utf8)
        let sections = CatalogConsumer.knotSections(catalog: "catalog.example.net", remote: "192.0.2.1", source: "192.0.2.1")
        let shown = ["remote", "acl", "template", "zone"].map { "\($0):\n\(sections[$0] ?? "")" }.joined()
        #expect(docs.contains("```\n" + shown + "```\n"), "docs/secondaries.md should show, for Knot:\n\(shown)")
    }
}

extension CatalogConsumer {
    /// A knotd whose only zone is the catalog, `catalog-role: interpret`, members from the
    /// `catalog-member` template (the primary as master, NOTIFY allowed from it), as in
    /// docs/secondaries.md. Knot keeps members in its journal (`zonefile-sync: -1`).
    static func knot(catalog: String, primaryPort: Int) throws -> CatalogConsumer {
        let knot = try KnotServer(extraSections: knotSections(catalog: catalog, remote: "127.0.0.1@\(primaryPort)", source: "127.0.0.1"))
        return CatalogConsumer(kind: "knot", port: knot.port, notifyMarker: "notify, incoming", log: knot.log, stop: { knot.stop() })
    }

    /// The consumer's knot.conf list items per section: `remote` is the primary's `address[@port]`,
    /// `source` the address its NOTIFYs come from.
    static func knotSections(catalog: String, remote: String, source: String) -> [String: String] {
        [
            "remote": "  - id: dadns\n    address: \(remote)\n",
            "acl": "  - id: notify-from-dadns\n    address: \(source)\n    action: notify\n",
            "template": "  - id: catalog-member\n    master: dadns\n    acl: notify-from-dadns\n    zonefile-sync: -1\n",
            "zone": """
                  - domain: \(catalog)
                    master: dadns
                    acl: notify-from-dadns
                    catalog-role: interpret
                    catalog-template: catalog-member

                """,
        ]
    }
}
