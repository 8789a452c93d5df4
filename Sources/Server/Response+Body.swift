import Foundation
import Hummingbird
import NIOCore

extension Response {
    /// `body` as it is, with `status`, its content type and any further headers.
    static func text(_ status: Int, _ body: String, contentType: String = "text/plain", headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// `value` as JSON with a final newline, 200.
    static func json(_ value: some Encodable, formatting: JSONEncoder.OutputFormatting) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
