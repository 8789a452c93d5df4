import Foundation

/// Base64 for the Authorization header.
enum Base64Decoding {
    static func decode(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { Array($0) }
    }
}
