import Foundation
import Logging
import NIOCore

/// Plain HTTP sent to the HTTPS port (`app.ssl_enable` on, DirectAdmin's Multi-Server entry
/// without SSL): without this, TLS fails on the first bytes and DirectAdmin shows only a
/// connection error. This handler sits in front of the TLS handler and looks at the first byte:
/// a TLS handshake starts with 0x16 and passes on; an HTTP request (a method in capital letters)
/// is answered with a plain-text 400, as nginx does, and the connection closed. The hint is
/// logged once per client address.
final class PlainHTTPOnTLSPortDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let response =
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    static let body = "400 Bad Request: plain HTTP was sent to the HTTPS port; use https:// (in DirectAdmin: SSL in the Multi-Server entry)\n"

    let hints: PlainHTTPHints
    private var answered = false

    init(hints: PlainHTTPHints) { self.hints = hints }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        let buffer = unwrapInboundIn(data)
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else {
            context.fireChannelRead(data)
            return
        }
        guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
            // A TLS handshake (0x16) or something TLS will refuse by itself.
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        answered = true
        hints.report(context.channel.remoteAddress?.ipAddress ?? "?")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: Self.response))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

/// Added through Hummingbird's `additionalChannelHandlers` when TLS is on: puts a
/// `PlainHTTPOnTLSPortDetector` at the head of the pipeline, in front of the TLS handler
/// (which the TLS channel adds first), then removes itself.
public final class PlainHTTPOnTLSPortInstaller: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    public typealias InboundIn = NIOAny
    let hints: PlainHTTPHints

    public init(hints: PlainHTTPHints) { self.hints = hints }

    public func handlerAdded(context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(PlainHTTPOnTLSPortDetector(hints: hints), position: .first)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

/// The client addresses already told about plain HTTP on the HTTPS port: each is logged once.
/// At most `capacity` addresses are remembered (the oldest is forgotten first), so a scan from
/// many addresses cannot grow it; a forgotten address is simply logged again.
public final class PlainHTTPHints: @unchecked Sendable {
    let logger: Logger
    let capacity: Int
    private let lock = NSLock()
    private var seen: Set<String> = []
    private var order: [String] = []

    public init(logger: Logger, capacity: Int = 1024) {
        self.logger = logger
        self.capacity = max(1, capacity)
    }

    /// Logs the hint for `address` unless it was logged before; returns whether it logged.
    @discardableResult
    func report(_ address: String) -> Bool {
        let isNew = lock.withLock {
            guard seen.insert(address).inserted else { return false }
            order.append(address)
            if order.count > capacity { seen.remove(order.removeFirst()) }
            return true
        }
        if isNew {
            logger.warning(
                "plain HTTP on the HTTPS port from \(address): set DirectAdmin's Multi-Server entry to SSL, or turn app.ssl_enable off")
        }
        return isNew
    }

    /// How many addresses are remembered.
    var rememberedAddresses: Int { lock.withLock { seen.count } }
}
