import Foundation
import DadnsTestKit

/// A strict reader of the Prometheus text format (version 0.0.4): every sample line must be
/// `name{label="value",…} number`, and every sample's family must have a `# TYPE` line first.
struct PrometheusText {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample] = []
    var types: [String: String] = [:]

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                    throw NamedServer.Failure("bad TYPE line: \(line)")
                }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("# HELP ") { continue }
            guard !line.hasPrefix("#") else { throw NamedServer.Failure("unknown comment: \(line)") }
            samples.append(try Self.sample(line))
        }
        for sample in samples {
            let family = ["_bucket", "_sum", "_count"].reduce(sample.name) { name, suffix in
                name.hasSuffix(suffix) && types[name] == nil ? String(name.dropLast(suffix.count)) : name
            }
            guard types[family] != nil else { throw NamedServer.Failure("sample without TYPE: \(sample.name)") }
        }
    }

    static func sample(_ line: String) throws -> Sample {
        let scalars = Array(line)
        var index = 0
        func isNameCharacter(_ c: Character, first: Bool) -> Bool {
            c == "_" || c == ":" || (c.isASCII && c.isLetter) || (!first && c.isASCII && c.isNumber)
        }
        while index < scalars.count, isNameCharacter(scalars[index], first: index == 0) { index += 1 }
        guard index > 0 else { throw NamedServer.Failure("no metric name: \(line)") }
        let name = String(scalars[0..<index])
        var labels: [String: String] = [:]
        if index < scalars.count, scalars[index] == "{" {
            index += 1
            while index < scalars.count, scalars[index] != "}" {
                let start = index
                while index < scalars.count, isNameCharacter(scalars[index], first: index == start) { index += 1 }
                let label = String(scalars[start..<index])
                guard !label.isEmpty, index + 1 < scalars.count, scalars[index] == "=", scalars[index + 1] == "\"" else {
                    throw NamedServer.Failure("bad label in: \(line)")
                }
                index += 2
                var value = ""
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    value.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { throw NamedServer.Failure("unterminated label value: \(line)") }
                labels[label] = value
                index += 1
                if index < scalars.count, scalars[index] == "," { index += 1 }
            }
            guard index < scalars.count else { throw NamedServer.Failure("unterminated labels: \(line)") }
            index += 1
        }
        guard index < scalars.count, scalars[index] == " " else { throw NamedServer.Failure("no value: \(line)") }
        let text = String(scalars[(index + 1)...]).split(separator: " ").first.map(String.init) ?? ""
        let value: Double? = text == "+Inf" ? .infinity : text == "-Inf" ? -.infinity : Double(text)
        guard let value else { throw NamedServer.Failure("bad value '\(text)' in: \(line)") }
        return Sample(name: name, labels: labels, value: value)
    }

    /// The value of the sample with exactly these labels.
    func value(_ name: String, _ labels: [String: String]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}
