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
        serverCheck: { stanza, settings, timeLimit in await settings.statusCheck(stanza, timeLimit: timeLimit) },
        moreServerChecks: { stanza, settings, timeLimit in await settings.addzoneCheck(stanza, timeLimit: timeLimit) })
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

extension BindBackendSettings {
    /// A zone that cannot exist (`.invalid`), for the addzone probe.
    static let probeZone = "dadns-doctor-probe.invalid"

    /// Whether named takes `rndc addzone` when `zone_config` may use it: asked by `rndc modzone`
    /// of a zone that cannot exist, which changes nothing — named answers `not found` when it
    /// allows new zones, `permission denied` (Not allowing new zones) when not. Nothing when
    /// rndc does not answer at all: the `rndc status` check reports that.
    func addzoneCheck(_ stanza: BackendStanza, timeLimit: Double) async -> [DoctorFinding] {
        guard zoneConfig.addzoneLimit(zonesHeld: Int.max / 2) > 0,
              let argv = rndc(["modzone", Self.probeZone, "{ type master; file \"/dev/null\"; };"]),
              let result = try? await CommandRunner.run(argv, timeout: min(timeLimit, commandTimeout)), !result.timedOut
        else { return [] }
        let check = "\(stanza.name) rndc addzone"
        if BindBackend.refusesNewZones(result.summary) {
            let detail = "named refuses new zones (`rndc modzone \(Self.probeZone)`: \(result.summary)): "
                + "new zones go by the include and rndc reconfig, about 30 µs per zone held (3 s at 100,000)"
            let fix = "add allow-new-zones yes; to named.conf's options (named needs a writable directory for its NZD), "
                + "or set \(stanza.path(Keys.zoneConfig)): include"
            return zoneConfig.mode == .addzone
                ? [.error(check, detail, fix: fix, stopsStartUp: false)] : [.warning(check, detail, fix: fix)]
        }
        guard result.summary.lowercased().contains("not found") else { return [] }
        return [.ok(check, "named takes new zones (allow-new-zones yes): zone_config \(zoneConfig.mode.rawValue) adds few new zones by rndc addzone")]
    }
}
