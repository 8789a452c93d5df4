import DadnsTestKit

/// Pieces of `app.yml` that tests write over and over.
enum TestConfig {
    /// The `app:` section of a daemon on loopback with a password: `port`, else a free one.
    /// Keys that follow it at two spaces' indent stay in the section.
    static func app(port: Int? = nil) throws -> String {
        "app:\n  auth_password: secret\n  listen_address: 127.0.0.1\n  listen_port: \(try port ?? FreePort.find())"
    }
}
