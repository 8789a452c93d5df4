import Operator

extension DaemonClient {
    /// The daemon this configuration describes, on loopback (or at `url`), with its credentials.
    init(config: AppConfig, url: String?) {
        let tls = config.bool("app.ssl_enable")
        var host = config.string("app.listen_address") ?? "127.0.0.1"
        if host == "0.0.0.0" || host == "::" || host.isEmpty { host = "127.0.0.1" }
        if host.contains(":") { host = "[\(host)]" }
        self.init(
            baseURL: url ?? "\(tls ? "https" : "http")://\(host):\(config.listenPort)",
            username: config.string("app.auth_username") ?? "directdnsonly", password: config.string("app.auth_password") ?? "")
    }
}
