/// Values of Connector/C 3.x's `enum mysql_option` this client sets (from `mysql.h`; the enum
/// counts up from 0 and these are stable across 3.x releases).
enum MariaDBOption: UInt32 {
    /// `unsigned int` seconds.
    case connectTimeout = 0
    /// `const char *`: a statement run after each connect.
    case initCommand = 3
    /// `const char *`.
    case charsetName = 7
    /// `unsigned int` seconds.
    case readTimeout = 11
    /// `unsigned int` seconds.
    case writeTimeout = 12
    /// `my_bool`: off here; the pool reconnects itself so it knows a transaction was lost.
    case reconnect = 20
    /// `my_bool`.
    case sslVerifyServerCert = 21
    /// `my_bool`: use TLS (Connector/C only refuses a server without TLS when the certificate
    /// is verified; `MariaDBConnection` checks the cipher itself).
    case sslEnforce = 38
}

/// Connector/C and server error numbers the client reacts to.
public enum MariaDBErrorCode {
    /// CR_CONNECTION_ERROR / CR_CONN_HOST_ERROR: cannot reach the server.
    public static let cannotConnect: Set<UInt32> = [2002, 2003]
    /// The connection is gone: CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED,
    /// ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN, CR_COMMANDS_OUT_OF_SYNC after a broken read.
    public static let connectionLost: Set<UInt32> = [2006, 2013, 2055, 1927, 1053, 2014]
    /// ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT: the transaction may be run again.
    public static let retryableTransaction: Set<UInt32> = [1213, 1205]
    /// ER_ACCESS_DENIED_ERROR.
    public static let accessDenied: UInt32 = 1045
}
