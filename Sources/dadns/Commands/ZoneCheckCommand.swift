import Backends
import ArgumentParser
import DNSZone

/// `dadns zone check`: parse and validate a master file the way BIND would load it, print the
/// canonical zone on stdout and warnings on stderr; on error print `FILE:LINE: reason` and exit 65.
struct ZoneCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a zone file and print it in canonical form.",
        discussion: """
            Exit status: 0 when the zone is valid, 65 when it is not (errors on stderr as \
            FILE:LINE: reason), 66 when the file cannot be read, 64 on bad usage.
            """
    )

    @Option(name: .long, help: "Zone origin (default: the file name less a trailing .db).")
    var origin: String?

    @Argument(help: "Zone file, or - for standard input.")
    var file: String

    func run() throws {
        let displayName = file == "-" ? "<stdin>" : file
        guard let originText = origin ?? Self.originFromFileName(file) else {
            StandardError.write("dadns: --origin is required when reading standard input\n")
            throw ExitCode(64)
        }
        let originName: DNSName
        do {
            originName = try DNSName(originText.hasSuffix(".") ? originText : originText + ".")
        } catch {
            StandardError.write("dadns: bad origin '\(originText)': \(error)\n")
            throw ExitCode(64)
        }
        let zone: Zone
        do {
            if file == "-" {
                zone = try ZoneParser.parse(try FileReading.readStandardInput(), origin: originName)
            } else {
                // Mapped and released as it is parsed: large files do not sit in memory twice.
                zone = try ZoneParser.parse(contentsOfFile: file, origin: originName)
            }
        } catch let error as ZoneError {
            StandardError.write("\(displayName):\(error.line): \(error.reason)\n")
            throw ExitCode(65)
        } catch {
            StandardError.write("dadns: \(displayName): \(error)\n")
            throw ExitCode(66)
        }
        for warning in zone.warnings {
            StandardError.write("\(displayName):\(warning.line): warning: \(warning.message)\n")
        }
        StandardOutput.write(ZoneWriter.canonicalBytes(zone))
    }

    /// `example.com.db` → `example.com`; nil for standard input.
    static func originFromFileName(_ path: String) -> String? {
        guard path != "-" else { return nil }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base.hasSuffix(".db") ? String(base.dropLast(3)) : base
    }
}
