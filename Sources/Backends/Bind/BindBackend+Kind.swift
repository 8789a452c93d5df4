import SettingsKit

extension BackendKind {
    /// `type: bind`: zone files, an include file for named.conf, rndc.
    public static let bind = BackendKind.zoneFiles(
        type: "bind", keys: BindBackendSettings.Keys.all, zonesDirectoryKey: BindBackendSettings.Keys.zonesDir,
        settings: { BindBackendSettings(stanza: $0) },
        make: { stanza, settings, logger in
            logger.info("\(stanza.name): \(settings.rndcDescription)")
            return try BindBackend(name: stanza.name, settings: settings, logger: logger)
        },
        // Without rndc_path the rndc on PATH is used, as the reference does; none there is worth
        // a warning (reloads skipped on purpose are logged by serve, not warned about).
        warning: { stanza, searchPath in
            BindBackendSettings(stanza: stanza, searchPath: searchPath).rndcProgram.problem.map { "backend '\(stanza.name)': \($0)" }
        },
        writes: { ", include file \(LocalPath.absolute($0.includeFile))" },
        paths: { settings in
            typealias Keys = BindBackendSettings.Keys
            var paths = [BackendPath(Keys.namedConf, settings.includeFile, .writtenFile)]
            // With reloads off the key file is never used.
            if settings.rndcProgram.path != nil, let keyFile = settings.rndcKeyFile {
                paths.append(BackendPath(Keys.rndcKeyFile, keyFile, .readFile(consequence: "rndc cannot authenticate, so named is not told of changes")))
            }
            return paths
        },
        serverCheck: { stanza, settings, timeLimit in await settings.statusCheck(stanza, timeLimit: timeLimit) })
}

extension BindBackendSettings: ZoneFileBackendSettings {}

extension BindBackendSettings {
    /// `rndc status`, unless reloads are skipped on purpose (fine) or no rndc is found (a warning).
    func statusCheck(_ stanza: BackendStanza, timeLimit: Double) async -> DoctorFinding {
        let check = "\(stanza.name) rndc status"
        switch rndcProgram {
        case .disabled:
            // Asked for: nothing to fix.
            return .ok(check, "not run: \(rndcProgram.description)")
        case .notFound:
            return .warning(
                check, "no rndc found on PATH: zone files are written but named is not told to load them",
                fix: "install rndc (Debian: bind9-utils) or set \(stanza.path(Keys.rndcPath)); reload: false to write files only")
        case .configured, .foundOnPath:
            return await .statusCommand(
                stanza, tool: "rndc", rndc(["status"]), timeout: min(timeLimit, commandTimeout), programKey: Keys.rndcPath,
                fix: "check that named runs and that rndc_server, rndc_port and rndc_key_file match named.conf's controls",
                whenNone: "set rndc_path (or install rndc) so named loads the zones dadns writes")
        }
    }
}
