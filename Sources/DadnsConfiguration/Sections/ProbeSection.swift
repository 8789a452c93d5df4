import Backends
import Engine
import SettingsKit

/// `probe.*`: how often and how fast the served-state probe asks the backends' servers.
enum ProbeSection {
    static func settings(_ values: ConfigValues) -> ProbeSettings {
        ProbeSettings(
            intervalMinutes: values.number(ConfigSchema.Probe.intervalMinutes),
            queriesPerSecond: values.number(ConfigSchema.Probe.queriesPerSecond),
            inFlight: values.integer(ConfigSchema.Probe.inFlight),
            timeoutSeconds: Double(values.integer(ConfigSchema.Probe.timeoutMs)) / 1000,
            retries: values.integer(ConfigSchema.Probe.retries))
    }
}

extension AppConfig {
    /// The enabled backends whose stanza names a `dns_address`: the servers the probe asks.
    public var probeTargets: [ServedStateProbe.Target] {
        enabledBackends.compactMap { stanza in
            ServedDNSAddress.of(stanza).map { ServedStateProbe.Target(backend: stanza.name, address: $0) }
        }
    }
}
