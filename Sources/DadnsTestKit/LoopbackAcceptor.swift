import Foundation

/// A listening socket on 127.0.0.1 and the thread that accepts from it, for the fake servers:
/// each connection goes to a handler (inline, or on a thread of its own) and is closed after it;
/// `stop()` ends the accepting, once, from any thread.
final class LoopbackAcceptor: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false

    /// Listens on a port the kernel picks; nothing is accepted before `start`.
    init() throws {
        (listener, port) = try LoopbackListener.open()
    }

    /// Starts accepting on a thread of its own: `handle` gets each connection.
    func start(threadPerConnection: Bool, handle: @escaping @Sendable (Int32) -> Void) {
        Thread { [self] in accept(threadPerConnection: threadPerConnection, handle) }.start()
    }

    func stop() {
        let already = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !already else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private func accept(threadPerConnection: Bool, _ handle: @escaping @Sendable (Int32) -> Void) {
        while true {
            let client = Glibc.accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            if threadPerConnection {
                Thread {
                    handle(client)
                    close(client)
                }.start()
            } else {
                handle(client)
                close(client)
            }
        }
    }
}
