import Foundation

/// Loopback sockets for the fake servers and for finding free ports.
public enum LoopbackListener {
    /// A listening TCP socket on 127.0.0.1 with a port the kernel picked: the socket (close it to
    /// stop) and its port.
    public static func open(backlog: Int32 = 64) throws -> (descriptor: Int32, port: Int) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw NamedServer.Failure("socket failed") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard let port = bind(listener), listen(listener, backlog) == 0 else {
            close(listener)
            throw NamedServer.Failure("cannot listen on 127.0.0.1")
        }
        return (listener, port)
    }

    /// Binds `descriptor` to 127.0.0.1 and `port` (0: the kernel picks one); the bound port, or
    /// nil when the bind failed.
    public static func bind(_ descriptor: Int32, port: Int = 0) -> Int? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
