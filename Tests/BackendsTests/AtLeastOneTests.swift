import Testing
@testable import Backends

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
}
