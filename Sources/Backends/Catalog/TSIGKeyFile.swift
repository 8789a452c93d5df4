/// A BIND-format TSIG key file (`tsig-keygen` / `rndc-confgen` output):
/// `key "NAME" { algorithm hmac-sha256; secret "BASE64"; };`. The name goes into the transfer
/// clauses; NSD's `key:` clause also needs the algorithm and secret. The secret never appears
/// in a log line, an error or `description`.
public struct TSIGKey: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let algorithm: String
    let secret: String

    /// The first key of a key file's text; nil when it has none with a name, algorithm and
    /// secret made of safe characters (they are written into server configuration files).
    public init?(parsing text: String) {
        // Comments out, then tokens split at blanks, braces and semicolons.
        let lines = text.split(separator: "\n").map { line -> Substring in
            let cut = line.firstIndex(where: { $0 == "#" }) ?? line.range(of: "//")?.lowerBound ?? line.endIndex
            return line[..<cut]
        }
        let tokens = lines.joined(separator: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "}" || $0 == ";" || $0 == "\r" })
            .map { String($0).trimmingCharacters(in: ["\""]) }
        guard let keyIndex = tokens.firstIndex(of: "key"), keyIndex + 1 < tokens.count else { return nil }
        func value(after word: String) -> String? {
            guard let index = tokens[keyIndex...].firstIndex(of: word), index + 1 < tokens.count else { return nil }
            return tokens[index + 1]
        }
        guard let algorithm = value(after: "algorithm"), let secret = value(after: "secret") else { return nil }
        let name = tokens[keyIndex + 1]
        let nameCharacters = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") }
        guard !name.isEmpty, name.count <= 253, name.allSatisfy(nameCharacters),
              !algorithm.isEmpty, algorithm.allSatisfy(nameCharacters),
              !secret.isEmpty, secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=") })
        else { return nil }
        self.name = name
        self.algorithm = algorithm
        self.secret = secret
    }

    /// NSD's `key:` clause for this key.
    var nsdClause: String {
        "key:\n    name: \"\(name)\"\n    algorithm: \(algorithm)\n    secret: \"\(secret)\"\n"
    }

    public var description: String { "TSIG key \(name) (\(algorithm))" }
}
