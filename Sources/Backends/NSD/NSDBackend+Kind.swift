import SettingsKit

extension BackendKind {
    /// `type: nsd`: zone files, zones added and removed with nsd-control, an optional include file.
    public static let nsd = BackendKind.zoneFiles(
        type: "nsd", keys: NSDBackendSettings.Keys.all, zonesDirectoryKey: NSDBackendSettings.Keys.zonesDir,
        settings: { NSDBackendSettings(stanza: $0) },
        make: { stanza, settings, logger in try NSDBackend(name: stanza.name, settings: settings, logger: logger) },
        warning: { stanza, _ in
            let settings = NSDBackendSettings(stanza: stanza)
            guard !settings.catalog.secondaries.isEmpty, settings.patternFile == nil else { return nil }
            return "backend '\(stanza.name)': secondaries are set but pattern_file is not: nsd.conf's pattern '\(settings.pattern)' must carry their provide-xfr and notify lines itself"
        },
        writes: { settings in settings.includeFile.map { ", include file \(LocalPath.absolute($0))" } ?? "" },
        paths: { settings in
            typealias Keys = NSDBackendSettings.Keys
            return (settings.includeFile.map { [BackendPath(Keys.nsdConf, $0, .writtenFile)] } ?? [])
                + (settings.patternFile.map { [BackendPath(Keys.patternFile, $0, .writtenFile)] } ?? [])
                + (settings.controlConfig.map {
                    [BackendPath(Keys.nsdControlConfig, $0, .readFile(consequence: "nsd-control cannot reach NSD, so zones are not added"))]
                } ?? [])
        },
        serverCheck: { stanza, settings, timeLimit in
            await .statusCommand(
                stanza, tool: "nsd-control", settings.control(["status"]), timeout: min(timeLimit, settings.commandTimeout),
                programKey: NSDBackendSettings.Keys.nsdControlPath,
                fix: "check that nsd runs with remote-control enabled and that nsd_control_config names its control socket or port",
                whenNone: "set nsd_control_path so NSD learns of the zones dadns writes")
        })
}

extension NSDBackendSettings: ZoneFileBackendSettings {}
