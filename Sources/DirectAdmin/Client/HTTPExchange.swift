import AsyncHTTPClient
import NIOCore
import NIOSSL

/// The error type of a client that calls HTTP endpoints of other hosts (a DirectAdmin server, a
/// peer `dadns`): the cases every failed exchange comes down to. `classify` maps what
/// AsyncHTTPClient, NIO and NIOSSL throw onto them.
public protocol HTTPExchangeError: Error {
    /// No complete answer within the time limit.
    static var timedOut: Self { get }
    /// No connection, a TLS failure or a reset.
    static func unreachable(_ reason: String) -> Self
    /// An answer that cannot be used.
    static func garbage(_ reason: String) -> Self
}

extension HTTPExchangeError {
    /// `error` from an exchange as this client's error (itself when it already is one). An answer
    /// over `maxBodySize` is garbage; a TLS failure names `verifySetting`, the setting that turns
    /// certificate verification off.
    public static func classify(_ error: any Error, maxBodySize: Int, verifySetting: String) -> Self {
        if let error = error as? Self { return error }
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) { return .timedOut }
            return .unreachable("\(error)")
        }
        if error is NIOTooManyBytesError { return .garbage("answer larger than \(maxBodySize) bytes") }
        if error is NIOSSLError || error is BoringSSLError {
            return .unreachable("TLS: \(error) (set \(verifySetting): false for self-signed certificates)")
        }
        return .unreachable("\(error)")
    }
}

extension HTTPClient {
    /// A client that never follows a redirect, with `timeout` on connecting and on every read,
    /// and without certificate checks unless `verifyCertificates`. Shut it down after use.
    public static func withoutRedirects(timeout: Duration, verifyCertificates: Bool) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: TimeAmount(timeout), read: TimeAmount(timeout))
        if !verifyCertificates {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
