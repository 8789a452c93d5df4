import Foundation

/// The floor of an HTTP round trip on this machine: a server on 127.0.0.1 that answers every
/// request with `200 error=0` from one thread, accepting, reading and writing inline (no thread
/// per connection, no event loop, no handler task). What a request to it costs is what any
/// server pays here for the kernel and the thread waking; benchmarks set dadns's figures beside
/// it. Stop it with `stop()`.
public final class FloorHTTPServer: Sendable {
    private let acceptor: LoopbackAcceptor

    public var port: Int { acceptor.port }

    public init() throws {
        acceptor = try LoopbackAcceptor()
        acceptor.start(threadPerConnection: false) { connection in
            if HTTPRequestReader.read(connection) != nil {
                HTTPRequestReader.write(connection, FakeDirectAdmin.Reply.text(200, "error=0"))
            }
        }
    }

    public func stop() { acceptor.stop() }
}
