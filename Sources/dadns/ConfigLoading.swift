import ArgumentParser
import Backends
import DadnsConfiguration
import Foundation
import SettingsKit

extension ConfigLoader {
    /// Loads the configuration for a command (`--config`, else the search paths, with the
    /// process environment); a configuration error is printed and ends the process with 78
    /// (EX_CONFIG).
    static func loadOrExit(explicitPath: String?) throws -> Loaded {
        do {
            let loaded = try load(explicitPath: explicitPath, environment: ProcessInfo.processInfo.environment)
            do {
                try BackendRegistry.preflight(loaded.config.backends)
            } catch let error as ConfigError {
                throw loaded.locations.annotate(error)
            }
            return loaded
        } catch {
            StandardError.write("dadns: configuration error: \(error)\n")
            throw ExitCode(78)
        }
    }
}
