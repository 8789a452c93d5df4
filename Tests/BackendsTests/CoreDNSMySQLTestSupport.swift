import Foundation
import Logging
import MariaDB
import DadnsTestKit
@testable import Backends

/// Log lines kept in memory, to check what a backend logged.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var messages: [String] { lock.withLock { lines } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in CapturingHandler(capture: self) }
    }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { capture.append("\(event.message)") }
    }
}

extension MariaDBServer {
    func connectionSettings(poolSize: Int = 4) -> CoreDNSMySQLSettings {
        CoreDNSMySQLSettings(
            connection: MariaDBConfiguration(
                host: "127.0.0.1", port: port, username: username, password: password, database: database,
                connectTimeout: 3, readTimeout: 10, writeTimeout: 10),
            poolSize: poolSize)
    }

    func backend(name: String = "coredns_dc1", poolSize: Int = 4, logger: Logger = Logger(label: "test")) throws -> CoreDNSMySQLBackend {
        try CoreDNSMySQLBackend(name: name, settings: connectionSettings(poolSize: poolSize), logger: logger)
    }

    /// A connection of the test's own (as CoreDNS would have).
    func reader() throws -> MariaDBConnection {
        try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: connectionSettings().connection)
    }
}

/// The valid zones of the DNSZone corpus with their origins.
enum BackendCorpus {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DNSZoneTests/Corpus/valid")
    }

    static func files() throws -> [(name: String, origin: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".db") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let text = String(decoding: data, as: UTF8.self)
            var origin = "example.com"
            for line in text.prefix(300).split(whereSeparator: \.isNewline) where line.hasPrefix("; origin:") {
                origin = line.dropFirst("; origin:".count).trimmingCharacters(in: .whitespaces)
                break
            }
            return (name, origin, text)
        }
    }
}

/// True for `.failed`.
func isFailure(_ outcome: BackendOutcome) -> Bool {
    if case .failed = outcome { return true }
    return false
}

/// The reason of a `.failed` outcome.
func failureReason(_ outcome: BackendOutcome) -> String? {
    if case .failed(let reason) = outcome { return reason }
    return nil
}

/// A flag one task raises and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isRaised: Bool { lock.withLock { value } }
    func raise() { lock.withLock { value = true } }
}
