import SettingsKit

/// `app.*`: where the HTTP server listens, who may log in, TLS, and request limits.
public struct ServerSection: Sendable {
    public var listenAddress: String
    public var listenPort: Int
    /// The user name DirectAdmin and the operator commands log in with.
    public var authUsername: String
    /// nil: unset, so every DirectAdmin and operator request is refused.
    public var authPassword: String?
    /// `app.ssl_enable`: serve HTTPS.
    public var tlsEnabled: Bool
    public var certificateFile: String?
    public var privateKeyFile: String?
    /// Intermediates served after the certificate.
    public var certificateBundle: String?
    /// Largest request body in bytes (413 above).
    public var maxBodySize: Int
    public var idleTimeoutSeconds: Double
    /// `check_subdomain_owner_in_cluster_domainowners`: answer exists=3 with an ancestor zone's owner.
    public var reportsParentOwner: Bool
    /// `app.node_name`: this node's name among the nodes sharing a mysql datastore (default the host name).
    public var nodeName: String

    init(_ values: ConfigValues) {
        typealias Keys = ConfigSchema.Server
        listenAddress = values.text(Keys.listenAddress)
        listenPort = values.integer(Keys.listenPort)
        authUsername = values.text(Keys.authUsername)
        authPassword = values.optionalText(Keys.authPassword)
        tlsEnabled = values.bool(Keys.sslEnable)
        certificateFile = values.optionalText(Keys.sslCert)
        privateKeyFile = values.optionalText(Keys.sslKey)
        certificateBundle = values.optionalText(Keys.sslBundle)
        maxBodySize = values.byteSize(Keys.maxBodySize)
        idleTimeoutSeconds = values.number(Keys.idleTimeoutSeconds)
        reportsParentOwner = values.bool(Keys.checkSubdomainOwner)
        nodeName = values.optionalText(Keys.nodeName) ?? NodeName.hostName()
    }
}
