import Foundation

/// Text to typed values, as the configuration accepts them.
public enum ConfigValueParsing {
    public static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// `16M`, `512k`, `1G` or a number of bytes.
    public static func byteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let number = Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0
            else { return nil }
            return number.multipliedReportingOverflow(by: factor).overflow ? nil : number * factor
        }
        return Int(trimmed).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The outcome of checking a value: its normalized text, or why it does not fit.
    public enum Checked: Equatable {
        case success(String)
        case failure(String)
    }

    /// Checks `text` against a type.
    public static func check(_ text: String, as type: SettingKey.ValueType) -> Checked {
        switch type {
        case .text:
            return .success(text)
        case .bool:
            guard let value = bool(text) else { return .failure("expected true or false, got '\(text)'") }
            return .success(value ? "true" : "false")
        case .integer(let range):
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                return .failure("expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return .success(String(value))
        case .number(let range):
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                return .failure("expected a number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return .success(String(value))
        case .choice(let options):
            let lowered = text.lowercased()
            guard options.contains(lowered) else {
                return .failure("expected one of \(options.joined(separator: ", ")), got '\(text)'")
            }
            return .success(lowered)
        case .numberList(let range):
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " []")) }
            let values = items.compactMap(Double.init)
            guard !items.isEmpty, values.count == items.count, values.allSatisfy(range.contains) else {
                return .failure("expected numbers from \(range.lowerBound) to \(range.upperBound) separated by commas, got '\(text)'")
            }
            return .success(values.map { String($0) }.joined(separator: ","))
        case .textList:
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " []")) }
            guard !items.contains(where: \.isEmpty) else { return .failure("expected a list of values, got '\(text)'") }
            return .success(items.joined(separator: ","))
        case .byteSize:
            guard let value = byteSize(text) else { return .failure("expected a size such as 16M or 1048576, got '\(text)'") }
            return .success(String(value))
        case .dnsAddress:
            switch DNSServerAddress.parse(text) {
            case .success(let address): return .success(address.description)
            case .failure(let error): return .failure(error.description)
            }
        }
    }
}
