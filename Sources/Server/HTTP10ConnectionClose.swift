import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// HTTP/1.0 closes the connection after each response unless the client asks to keep it alive.
/// Hummingbird only closes on an explicit `Connection: close` (HTTP types carry no version), so
/// old DirectAdmin builds that read to the end of the connection would wait forever. This
/// handler puts itself in front of the HTTP-types codec and adds that header for such requests.
public final class HTTP10ConnectionClose: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias InboundOut = HTTPServerRequestPart

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var part = unwrapInboundIn(data)
        if case .head(var head) = part, !head.isKeepAlive, !head.headers.contains(name: "connection") {
            head.headers.add(name: "Connection", value: "close")
            part = .head(head)
        }
        context.fireChannelRead(wrapInboundOut(part))
    }
}

/// Added through Hummingbird's `additionalChannelHandlers` (which come after the HTTP-types
/// codec): moves an `HTTP10ConnectionClose` in front of the codec, then removes itself.
public final class HTTP10ConnectionCloseInstaller: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    public typealias InboundIn = NIOAny

    public init() {}

    public func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        if let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) {
            try? pipeline.addHandler(HTTP10ConnectionClose(), position: .before(codec))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
