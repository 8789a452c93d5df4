import ArgumentParser
import DadnsTestKit
import Foundation

/// The backends `dadns-bench latency` measures.
enum BenchLatencyBackend: String, ExpressibleByArgument, CaseIterable {
    /// BIND: zone files, the include and rndc, on a named it starts.
    case bind
    /// NSD: zone files and nsd-control (the zone list, no include), on an nsd it starts.
    case nsd
}

/// The DNS server of `dadns-bench latency`, started loaded with the zones `BenchSeeder` wrote:
/// named with the seeded include (one `rndc reconfig`), or nsd with the seeded zone files listed
/// in its zone list (one restart).
struct BenchLatencyServer {
    let kind: BenchLatencyBackend
    let named: NamedServer?
    let nsd: NSDServer?

    /// Starts the server (named's files under `directory`/named) and returns once it serves.
    /// `seed` writes the zones (given NSD's zones directory, or nil for bind) and returns their names.
    init(_ kind: BenchLatencyBackend, directory: String, seed: (String?) async throws -> [String]) async throws {
        self.kind = kind
        switch kind {
        case .bind:
            // allow-new-zones: the bind backend may add new zones by rndc addzone (zone_config).
            let named = try NamedServer(directory: URL(fileURLWithPath: directory + "/named"), options: "allow-new-zones yes;")
            self.named = named
            nsd = nil
            do {
                let domains = try await seed(nil)
                // The seeder's include lists the zone files by absolute path: named reads it as its own.
                try FileManager.default.removeItem(atPath: named.includeFile)
                try FileManager.default.copyItem(atPath: directory + "/named.conf.include", toPath: named.includeFile)
                guard try named.rndc(["reconfig"]) == 0 else { throw BenchError("rndc reconfig with the seeded include failed") }
                try Self.waitUntilServed(domains, port: named.port)
            } catch {
                named.stop()
                throw error
            }
        case .nsd:
            let nsd = try NSDServer(verbosity: 0)
            self.nsd = nsd
            named = nil
            do {
                let domains = try await seed(nsd.zonesDirectory)
                // NSD's zone list, as `nsd-control addzone` writes it; read afresh at the restart.
                try BenchFiles.write(
                    "# NSD zone list\n# name pattern\n" + domains.map { "add \($0) dadns\n" }.joined(),
                    to: nsd.zoneListFile)
                try nsd.restart()
                try Self.waitUntilServed(domains, port: nsd.port)
            } catch {
                nsd.stop()
                throw error
            }
        }
    }

    /// Waits until a sample of the seeded zones (the first, the last and every 97th) is served with
    /// the seeded serial.
    private static func waitUntilServed(_ domains: [String], port: Int) throws {
        let probe = try SOAProbe(port: port)
        let sample = stride(from: 0, to: domains.count, by: 97).map { domains[$0] } + (domains.last.map { [$0] } ?? [])
        guard probe.waitUntilServed(sample, serial: 2024010101, timeout: 300).seconds != nil else {
            throw BenchError("the server did not serve the seeded zones within 300 s")
        }
    }

    var port: Int { named?.port ?? nsd?.port ?? 0 }
    var program: String { kind == .bind ? "named" : "nsd" }
    /// RSS of the server's main process (from its pid file), in bytes.
    var rss: Int {
        let pidFile = named.map { $0.directory.path + "/named.pid" } ?? nsd.map { $0.directory.path + "/nsd.pid" } ?? ""
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return 0 }
        return ProcessMemory.currentRSS(of: pid)
    }

    /// The daemon's backend stanza (flow YAML), named as the seeder's applied backend.
    func stanza(zonesDirectory: String, bindZoneConfig: String = "auto") -> String {
        if let named {
            return "bind: {enabled: true, zones_dir: \(zonesDirectory), named_conf: \(named.includeFile), rndc_path: /usr/sbin/rndc, "
                + "rndc_server: 127.0.0.1, rndc_port: \(named.controlPort), rndc_key_file: \(named.keyFile), zone_config: \(bindZoneConfig)}"
        }
        guard let nsd else { return "" }
        return "nsd: {type: nsd, enabled: true, zones_dir: \(nsd.zonesDirectory), nsd_control_path: \(NSDServer.controlPath), "
            + "nsd_control_config: \(nsd.controlConfigFile), pattern: dadns, command_timeout: 60}"
    }

    /// The server alone: writes `text` as `domain`'s zone file in `zonesDirectory` and tells the
    /// server to reload that one zone (`rndc reload <zone>`, `nsd-control reload <zone>`), as the
    /// backends do for an edit.
    func reloadAlone(_ domain: String, text: String, zonesDirectory: String) throws {
        try BenchFiles.write(text, to: "\(zonesDirectory)/\(domain).db")
        let status: Int32
        if let named {
            status = try named.rndc(["reload", domain])
        } else if let nsd {
            status = try ProgramRun.status([NSDServer.controlPath, "-c", nsd.controlConfigFile, "reload", domain])
        } else {
            status = 1
        }
        guard status == 0 else { throw BenchError("reload of \(domain) alone failed (status \(status))") }
    }

    func stop(keepingDirectory keep: Bool) {
        named?.stop(keepingDirectory: keep)
        nsd?.stop()
    }
}
