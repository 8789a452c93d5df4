import SettingsKit

extension BackendKind {
    /// `type: knot`: zone files, zones added and removed in knotc configuration transactions,
    /// loaded with `zone-reload`.
    public static let knot = BackendKind(
        type: "knot", keys: KnotBackendSettings.Keys.all,
        make: { stanza, logger in
            let settings = KnotBackendSettings(stanza: stanza)
            if let problem = settings.problem(stanza) { throw problem }
            return try KnotBackend(name: stanza.name, settings: settings, logger: logger)
        },
        preflight: { stanza in
            // knotc missing is left to `warning` and `make`: check-config may run where Knot is not.
            if let problem = KnotBackendSettings(stanza: stanza).problem(stanza), problem.key != stanza.path(KnotBackendSettings.Keys.knotcPath) {
                throw problem
            }
        },
        warning: { stanza, searchPath in
            KnotBackendSettings(stanza: stanza, searchPath: searchPath).knotcPath == nil
                ? "backend '\(stanza.name)': no '\(stanza.text(KnotBackendSettings.Keys.knotcPath))' found on PATH; install knotc (Debian: knot) or set \(stanza.path(KnotBackendSettings.Keys.knotcPath))"
                : nil
        },
        location: { stanza in
            let settings = KnotBackendSettings(stanza: stanza)
            return "zones in \(LocalPath.absolute(settings.zonesDirectory)), knotc -s \(settings.controlSocket ?? "(knotc's default)"), template \(settings.template)"
        },
        paths: { stanza in [BackendPath(KnotBackendSettings.Keys.zonesDir, KnotBackendSettings(stanza: stanza).zonesDirectory, .directory)] },
        serviceChecks: { stanza, timeLimit in await KnotBackendSettings(stanza: stanza).doctorChecks(stanza, timeLimit: timeLimit) })
}

extension KnotBackendSettings {
    /// `knotc status`, then the template: it exists and loads `<zones_dir>/%s.zone` (and a note
    /// when it does not compute differences, so serves no IXFR).
    func doctorChecks(_ stanza: BackendStanza, timeLimit: Double) async -> [DoctorFinding] {
        let status = await DoctorFinding.statusCommand(
            stanza, tool: "knotc", knotc(["status"]), timeout: min(timeLimit, commandTimeout), programKey: Keys.knotcPath,
            fix: "check that knotd runs and that control_socket names its control socket (and that dadns may open it)",
            whenNone: "install knotc (Debian: knot) or set knotc_path")
        guard status.level == .ok, let command = knotc(["conf-read", "template[\(template)]"]) else { return [status] }
        let check = "\(stanza.name) knot template '\(template)'"
        do {
            let result = try await CommandRunner.run(command, timeout: min(timeLimit, commandTimeout))
            guard result.status == 0, !result.timedOut else {
                return [status, .error(
                    check, "`conf-read template[\(template)]` failed: \(result.summary)",
                    fix: "add template '\(template)' to knotd's configuration (see the knot backend's README) or set \(stanza.path(Keys.template))",
                    stopsStartUp: false)]
            }
            let found = KnotTemplate(id: template, confRead: result.output)
            if let mismatch = found.mismatch(zonesDirectory: LocalPath.absolute(zonesDirectory)) {
                return [status, .error(check, mismatch, fix: "make the template's storage \(LocalPath.absolute(zonesDirectory))", stopsStartUp: false)]
            }
            if let note = found.zonefileLoadNote {
                return [status, .warning(check, note, fix: "knotc conf-set 'template[\(template)].zonefile-load' difference")]
            }
            return [status, .ok(check, "loads \(found.filePattern) with zonefile-load: difference")]
        } catch {
            return [status, .error(check, "cannot run knotc: \(error)", fix: "install knotc or set \(stanza.path(Keys.knotcPath))", stopsStartUp: false)]
        }
    }
}
