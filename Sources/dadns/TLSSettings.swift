import DadnsConfiguration
import HummingbirdTLS
import SettingsKit
import NIOSSL

/// TLS from `app.ssl_cert` (certificate, or full chain), `app.ssl_key` and optional
/// `app.ssl_bundle` (intermediates), as the reference reads them.
enum TLSSettings {
    static func serverConfiguration(_ server: ServerSection) throws -> TLSConfiguration {
        guard let certificatePath = server.certificateFile, !certificatePath.isEmpty else {
            throw ConfigError(key: "app.ssl_cert", reason: "ssl_enable is true but no certificate file is set")
        }
        guard let keyPath = server.privateKeyFile, !keyPath.isEmpty else {
            throw ConfigError(key: "app.ssl_key", reason: "ssl_enable is true but no private key file is set")
        }
        var chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ConfigError(key: "app.ssl_cert", reason: "cannot read certificate \(certificatePath): \(error)")
        }
        if let bundle = server.certificateBundle, !bundle.isEmpty {
            do {
                chain += try NIOSSLCertificate.fromPEMFile(bundle)
            } catch {
                throw ConfigError(key: "app.ssl_bundle", reason: "cannot read certificate bundle \(bundle): \(error)")
            }
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            // The error names the file, never its content.
            throw ConfigError(key: "app.ssl_key", reason: "cannot read private key \(keyPath): \(error)")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
