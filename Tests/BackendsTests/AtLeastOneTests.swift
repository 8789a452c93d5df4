import Testing
@testable import Backends
import SettingsKit

/// Counts that chunk commands or bound concurrency never become 0, whichever way they are set.
@Suite struct AtLeastOneTests {
    @Test func knotZonesPerCommandIsAtLeastOne() {
        var settings = KnotBackendSettings(zonesDirectory: "/tmp/z", knotcPath: nil, zonesPerCommand: 0)
        #expect(settings.zonesPerCommand == 1)
        settings.zonesPerCommand = -5
        #expect(settings.zonesPerCommand == 1)
        settings.zonesPerCommand = 250
        #expect(settings.zonesPerCommand == 250)
        #expect(KnotBackendSettings(zonesDirectory: "/tmp/z", knotcPath: nil).zonesPerCommand == 1000)
    }

    @Test func powerDNSParallelRequestsIsAtLeastOneAndTheStanzaDropsATrailingSlash() {
        #expect(PowerDNSSettings(apiURL: "http://127.0.0.1:8081", apiKey: "k", parallelRequests: 0).parallelRequests == 1)
        #expect(PowerDNSSettings(apiURL: "http://127.0.0.1:8081", apiKey: "k").parallelRequests == 8)
        let stanza = BackendStanza(
            name: "pdns", type: "powerdns", enabled: true, settings: ["api_key": "k", "api_url": "http://127.0.0.1:8081/"])
        #expect(PowerDNSSettings(stanza: stanza).apiURL == "http://127.0.0.1:8081")
        #expect(PowerDNSSettings(stanza: stanza).serverURL == "http://127.0.0.1:8081/api/v1/servers/localhost")
    }
}
