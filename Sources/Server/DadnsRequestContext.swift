import Hummingbird
import NIOCore

/// Request context that knows the client's address (recorded with every push).
public struct DadnsRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text.
    public var clientAddress: String? { remoteAddress?.ipAddress }
}
