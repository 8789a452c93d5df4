import Backends
import DadnsConfiguration

/// The checks that talk to the DNS servers, each backend type its own (`BackendKind.serviceChecks`:
/// `rndc status`, `nsd-control status`, a MariaDB login and its tables). Read-only: status
/// commands and SELECTs only. A failure here does not stop start-up; it stops that backend's changes.
enum DoctorServiceChecks {
    /// Time limit of each status command and connection.
    static let timeout: Double = 5

    static func run(_ config: AppConfig) async -> [DoctorFinding] {
        // The shared database first: without it the daemon does not start.
        var findings = await DoctorStoreCheck.run(config, timeLimit: timeout)
        for backend in config.enabledBackends {
            findings += await BackendRegistry.kind(backend.type)?.serviceChecks(backend, timeout) ?? []
        }
        return findings
    }
}
