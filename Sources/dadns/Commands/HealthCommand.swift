import ArgumentParser
import DadnsConfiguration
import Foundation
import Operator

/// `dadns health`: asks the running daemon's `/health` (no credentials needed) and exits 0 when
/// it answers 200, 1 otherwise: the container's HEALTHCHECK and any probe that cannot speak HTTP.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Exit 0 when the running daemon's /health answers 200 (for container and service health checks).")

    @OptionGroup var configFile: ConfigFileOption

    @Option(name: .long, help: "The daemon's base URL (default: from app.listen_* and app.ssl_enable, on loopback).")
    var url: String?

    func run() async throws {
        let loaded = try configFile.load()
        let client = DaemonClient(config: loaded.config, url: url)
        do {
            let body = try await client.get("/health")
            print(String(decoding: body, as: UTF8.self), terminator: "")
        } catch let refused as DaemonClient.Refused {
            print("\(refused.status): \(refused.body)", terminator: "")
            throw ExitCode(1)
        } catch is DaemonClient.Unreachable {
            print("no daemon answers at \(client.baseURL)")
            throw ExitCode(1)
        }
    }
}
