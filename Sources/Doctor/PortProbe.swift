import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether the daemon's listening address and port are free: binds a socket there (with
/// SO_REUSEADDR, as the server does) and closes it at once. Run before the store or any file is
/// created, so a port in use stops start-up with nothing left behind.
enum PortProbe {
    /// Why `address`:`port` cannot be bound, or nil when it can.
    static func problem(address: String, port: Int) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(address, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return "cannot resolve the address: \(String(cString: gai_strerror(resolved)))"
        }
        defer { freeaddrinfo(list) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return "cannot open a socket: \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            if code == EADDRINUSE { return "already in use by another program" }
            if code == EACCES { return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)" }
            return String(cString: strerror(code))
        }
        // listen(2) is what fails when another socket listens with SO_REUSEADDR on the same port.
        guard listen(descriptor, 1) == 0 else {
            return errno == EADDRINUSE ? "already in use by another program" : String(cString: strerror(errno))
        }
        return nil
    }
}
