import Backends
import ZoneStore

/// Heals one zone now, on the operator's word (`dadns zone heal D`, `POST /api/zones/D/heal`,
/// the console's Heal button): each backend is compared with the zone's desired state as a
/// healing pass would, and a backend that lacks it or holds other content (or still holds a
/// deleted zone) is sent it again through its lane. Unlike the periodic pass it does not need
/// `healing.enabled`: it is an explicit action on one zone.
public enum ZoneHealing {
    /// One report per backend (`checked` is 1 when the backend could be compared). `backends`
    /// pairs each enabled backend's name with its running backend, nil when none runs here.
    public static func heal(
        _ zone: DesiredZone, backends: [(name: String, backend: (any DNSBackend)?)], store: ZoneStore, dryRun: Bool, at now: Double
    ) async -> [HealReport] {
        var reports: [HealReport] = []
        for (name, backend) in backends {
            var report = HealReport(backend: name, dryRun: dryRun)
            guard let backend else {
                report.error = "no running backend here: heal through the running daemon"
                reports.append(report)
                continue
            }
            do {
                if zone.present, let text = zone.canonicalText {
                    let drifted = try await backend.drifted([BackendChange(domain: zone.domain, zoneText: text)])
                    // A change the lane has not applied yet is its business, not drift.
                    let settled = try await store.upToDate(backend: name, among: drifted)
                    report.drifted = drifted.filter(settled.contains)
                } else if !zone.present, try await backend.inventory().contains(zone.domain) {
                    report.stale = [zone.domain]
                }
                report.checked = 1
                if !dryRun {
                    _ = try await store.requeue(backend: name, domains: report.drifted, reason: "healing: missing or different on the backend", at: now)
                    _ = try await store.requeue(backend: name, domains: report.stale, reason: "healing: deleted zone still on the backend", at: now)
                }
            } catch {
                report.error = "\(error)"
            }
            reports.append(report)
        }
        return reports
    }
}
