import DadnsConfiguration
import Operator

extension DaemonClient {
    /// The daemon this configuration describes, on loopback (or at `url`), with its credentials.
    init(config: AppConfig, url: String?) {
        let tls = config.server.tlsEnabled
        var host = config.server.listenAddress
        if host == "0.0.0.0" || host == "::" || host.isEmpty { host = "127.0.0.1" }
        if host.contains(":") { host = "[\(host)]" }
        self.init(
            baseURL: url ?? "\(tls ? "https" : "http")://\(host):\(config.listenPort)",
            username: config.server.authUsername, password: config.server.authPassword ?? "")
    }
}
