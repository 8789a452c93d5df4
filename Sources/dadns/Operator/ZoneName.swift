import Foundation

/// A zone name from the command line: lower-cased, without the trailing dot, and a valid DNS
/// name (it becomes part of an API path).
enum ZoneName {
    static func normalized(_ text: String) throws -> String {
        let domain = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard !domain.isEmpty, domain.count <= 253, domain.unicodeScalars.allSatisfy(allowed.contains), !domain.contains("..") else {
            throw OperatorError("'\(text)' is not a domain name")
        }
        return domain
    }
}
