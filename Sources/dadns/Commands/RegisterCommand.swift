import ArgumentParser
import DNSZone
import DadnsConfiguration
import DirectAdmin
import Foundation

/// `dadns register --da HOST --address ADDR`: adds this node to a DirectAdmin server's
/// Multi-Server Setup (`CMD_MULTI_SERVER` add) and switches on zone transfer and domain check —
/// the step operators otherwise do by hand. The node's credentials are `app.auth_*`.
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Add this node to a DirectAdmin server's Multi-Server Setup (zone transfer and domain check on).",
        discussion: """
            The DirectAdmin admin credentials come from reconciliation.directadmin_servers when HOST is listed there; \
            otherwise give --da-user and put the password in the environment variable named by --da-password-env \
            (never on the command line).
            """)

    @OptionGroup var configFile: ConfigFileOption

    @Option(name: .customLong("da"), help: "The DirectAdmin server's hostname.")
    var host: String

    @Option(name: .customLong("da-port"), help: "DirectAdmin's port (default: as configured, else 2222).")
    var daPort: Int?

    @Option(name: .customLong("da-user"), help: "DirectAdmin admin user (default: as configured).")
    var daUser: String?

    @Option(name: .customLong("da-password-env"), help: "Environment variable holding the admin password.")
    var daPasswordEnvironment: String = "DADNS_DA_PASSWORD"

    @Flag(name: .customLong("da-http"), help: "Talk plain HTTP to DirectAdmin (default: as configured, else HTTPS).")
    var daHTTP = false

    @Option(name: .long, help: "The address DirectAdmin should push to (this node's IP or host name).")
    var address: String

    @Option(name: .long, help: "The port DirectAdmin should push to (default: app.listen_port).")
    var port: Int?

    func run() async throws {
        let appConfig = try configFile.load().config
        guard case .success(let hostname) = DomainNameRules.normalize(host) else {
            throw OperatorError("--da '\(host)' is not a valid host name")
        }
        guard case .success(let nodeAddress) = DomainNameRules.normalize(address) else {
            throw OperatorError("--address '\(address)' is not a valid address or host name")
        }
        let configured = appConfig.reconciliation.servers.first { $0.hostname == hostname }
        guard let username = daUser ?? configured?.username else {
            throw OperatorError("\(hostname) is not under reconciliation.directadmin_servers: give --da-user")
        }
        let environment = ProcessInfo.processInfo.environment
        guard let password = (daUser == nil ? configured?.password : nil) ?? environment[daPasswordEnvironment], !password.isEmpty else {
            throw OperatorError("no DirectAdmin password: set \(daPasswordEnvironment) (or list \(hostname) in reconciliation.directadmin_servers)")
        }
        guard let nodePassword = appConfig.server.authPassword, !nodePassword.isEmpty else {
            throw OperatorError("app.auth_password is not set: DirectAdmin would have no credentials to push with")
        }
        let server = DirectAdminServer(
            hostname: hostname, port: daPort ?? configured?.port ?? DirectAdminServer.Defaults.port, username: username,
            password: password, ssl: daHTTP ? false : (configured?.ssl ?? DirectAdminServer.Defaults.ssl))
        let client = DirectAdminClient(
            server: server, verifyCertificates: appConfig.reconciliation.settings.verifyCertificates,
            timeout: appConfig.reconciliation.settings.timeout)
        let entry = MultiServerEntry(
            address: nodeAddress, port: port ?? appConfig.listenPort, username: appConfig.server.authUsername,
            password: nodePassword, ssl: appConfig.server.tlsEnabled)
        let outcome: DirectAdminClient.RegisterOutcome
        do {
            outcome = try await client.register(entry)
        } catch {
            throw OperatorError("\(hostname): \(error)")
        }
        let verb = outcome == .added ? "added to" : "already in; settings saved on"
        print("\(entry.address):\(entry.port) \(verb) the Multi-Server Setup of \(hostname) (zone transfer and domain check on)")
    }
}
