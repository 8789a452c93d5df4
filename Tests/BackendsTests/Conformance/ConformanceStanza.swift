import Logging
import SettingsKit
@testable import Backends

/// Builds a subject's backend from a config stanza through `BackendRegistry`, as `serve` builds
/// it; when that fails, `cleanUp` stops the subject's server before the error is thrown.
func registryBackend(type: String, settings: [(SettingKey, String)], cleanUp: () -> Void) throws -> any DNSBackend {
    let stanza = BackendStanza(
        name: type, type: type, enabled: true, settings: Dictionary(uniqueKeysWithValues: settings.map { ($0.0.path, $0.1) }))
    do {
        return try BackendRegistry.make(stanza, logger: Logger(label: "conformance"))
    } catch {
        cleanUp()
        throw error
    }
}
