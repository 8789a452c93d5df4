import DadnsTestKit
import DNSZone

#if canImport(Glibc)
import Glibc
#endif

/// Writes the benchmark's zone files, streaming so the generator itself stays small.
enum BenchZoneGenerator {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// A large zone: SOA, NS, then `records` records cycling through A, AAAA, TXT, MX, CNAME.
    /// Returns the file size.
    static func writeLargeZone(path: String, records: Int) throws -> Int {
        let writer = try ChunkWriter(path: path)
        writer.append("$TTL 3600\n@\tIN\tSOA\tns1.large.example. hostmaster.large.example. 2024010101 3600 900 1209600 300\n")
        writer.append("@\tIN\tNS\tns1\n@\tIN\tNS\tns2\nns1\tIN\tA\t192.0.2.1\nns2\tIN\tA\t192.0.2.2\n")
        var index = 0
        var written = 5
        while written < records {
            let host = "host\(index)"
            switch index % 10 {
            case 0, 1, 2, 3, 4:
                writer.append("\(host)\t300\tIN\tA\t10.\((index >> 16) & 255).\((index >> 8) & 255).\(index & 255)\n")
            case 5, 6:
                writer.append("\(host)\tIN\tAAAA\t2001:db8::\(String(index >> 16, radix: 16)):\(String(index & 0xFFFF, radix: 16))\n")
            case 7:
                writer.append("\(host)\tIN\tTXT\t\"v=spf1 ip4:10.0.0.\(index % 256) -all\"\n")
            case 8:
                writer.append("\(host)\tIN\tMX\t10 mail.\(host)\n")
                writer.append("mail.\(host)\tIN\tA\t10.1.\((index >> 8) & 255).\(index & 255)\n")
                written += 1
            default:
                writer.append("\(host)\tIN\tCNAME\thost\(index - 1)\n")
            }
            written += 1
            index += 1
        }
        return try writer.close()
    }

    /// `count` zones shaped like DirectAdmin's pushes (`BenchDirectAdminZone.fullText`).
    static func writeDirectAdminZones(directory: String, count: Int) throws -> [(String, DNSName)] {
        mkdir(directory, 0o755)
        var result: [(String, DNSName)] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let domain = "customer\(index).example"
            let path = "\(directory)/\(domain).db"
            let writer = try ChunkWriter(path: path)
            writer.append(BenchDirectAdminZone.fullText(domain: domain, index: index))
            _ = try writer.close()
            result.append((path, try DNSName(domain + ".")))
        }
        return result
    }
}

/// Buffered file writer (stdio), flushed in 1 MiB chunks.
final class ChunkWriter {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var total = 0

    init(path: String) throws {
        guard let file = fopen(path, "we") else {
            throw BenchZoneGenerator.WriteError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        self.file = file
        buffer.reserveCapacity(1 << 20)
    }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        total += buffer.count
        _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws -> Int {
        flush()
        guard fclose(file) == 0 else { throw BenchZoneGenerator.WriteError(description: "cannot write: \(String(cString: strerror(errno)))") }
        return total
    }
}
