/// A failure of the MariaDB client. Texts carry the server's or connector's message and error
/// number, never a password.
public enum MariaDBError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The connector library cannot be loaded; the text says which package provides it.
    case libraryUnavailable(String)
    /// A connector or server error (`mysql_errno`, `mysql_error`).
    case server(code: UInt32, message: String)
    /// The client was used after it was closed or before it was connected.
    case notConnected
    /// A rejected argument (an unsafe identifier, …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .libraryUnavailable(let reason):
            return "MariaDB Connector/C (libmariadb.so.3) cannot be loaded: \(reason); install the package \(MariaDBLibrary.packageName)"
        case .server(let code, let message):
            return "MariaDB error \(code): \(message)"
        case .notConnected:
            return "MariaDB connection is closed"
        case .invalidArgument(let reason):
            return reason
        }
    }

    /// The error number, when the server or connector gave one.
    public var code: UInt32? {
        if case .server(let code, _) = self { return code }
        return nil
    }

    /// True when the connection is unusable and a new one should be opened.
    public var isConnectionLost: Bool {
        guard let code else { return self == .notConnected }
        return MariaDBErrorCode.connectionLost.contains(code) || MariaDBErrorCode.cannotConnect.contains(code)
    }

    /// True when Connector/C could not be loaded.
    public var isLibraryError: Bool {
        if case .libraryUnavailable = self { return true }
        return false
    }

    /// True for a deadlock or lock wait timeout: the transaction was rolled back and may run again.
    public var isRetryableTransaction: Bool {
        code.map { MariaDBErrorCode.retryableTransaction.contains($0) } ?? false
    }
}
