import NIOCore

/// Counts a connection's bytes before the HTTP decoder sees them: a request head over
/// `maxHeaderBytes` is answered 431, a body over `maxBodyBytes` 413, and the connection closed.
///
/// It sits before the decoder, so an oversized head is never buffered whole, and it writes its
/// answer as raw bytes straight to the socket. Each connection carries one request, so the
/// guard only has to find the end of the first head (`\r\n\r\n`, or `\n\n`, which parsers
/// also accept) and count what comes after it.
///
/// A refused connection is half-closed: the client reads the answer and the end of the
/// stream, while bytes it is still sending are read and dropped, so closing never resets the
/// connection under an answer not yet read. The connection's deadline closes it for good.
final class RequestSizeGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let maxHeaderBytes: Int
    private let maxBodyBytes: Int
    private var headBytes = 0
    private var bodyBytes = 0
    private var headComplete = false
    /// True while the bytes since the last line feed were only carriage returns.
    private var atLineStart = false
    private var refused = false

    init(maxHeaderBytes: Int, maxBodyBytes: Int) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let buffer = unwrapInboundIn(data)
        var headInThisRead = 0
        if !headComplete {
            for byte in buffer.readableBytesView {
                headInThisRead += 1
                if byte == UInt8(ascii: "\n") {
                    if atLineStart { headComplete = true; break }
                    atLineStart = true
                } else if byte != UInt8(ascii: "\r") {
                    atLineStart = false
                }
            }
            headBytes += headInThisRead
            if headBytes > maxHeaderBytes {
                return refuse(context: context, status: "431 Request Header Fields Too Large")
            }
        }
        if headComplete {
            bodyBytes += buffer.readableBytes - headInThisRead
            if bodyBytes > maxBodyBytes { return refuse(context: context, status: "413 Content Too Large") }
        }
        context.fireChannelRead(data)
    }

    private func refuse(context: ChannelHandlerContext, status: String) {
        refused = true
        let answer = "HTTP/1.1 \(status)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(NIOAny(ByteBuffer(string: answer))).whenComplete { _ in
            bound.value.close(mode: .output, promise: nil)
        }
    }
}
