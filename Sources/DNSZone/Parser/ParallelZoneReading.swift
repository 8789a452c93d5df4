import Dispatch

/// Reads a large master file on two cores: the text is split at a line that starts a record, both
/// halves are read at once, and the results are joined. The split is speculative: the second
/// half starts with the `$ORIGIN` and `$TTL` found by a quick scan of the first half, and the
/// join only happens when the first half really ended in exactly that state, at a record
/// boundary, and both halves read without error. Otherwise the file is read again in one pass,
/// so results and error messages are always those of a plain sequential read.
enum ParallelZoneReading {
    /// Inputs smaller than this are read in one pass (splitting would cost more than it saves).
    static let threshold = 4 << 20

    static func read(
        _ buffer: UnsafeBufferPointer<UInt8>, origin: DNSName, releaseInput: (@Sendable (Range<Int>) -> Void)?
    ) throws(ZoneError) -> Zone {
        if buffer.count >= threshold, let split = splitPoint(buffer),
            let joined = readSplit(buffer, at: split, origin: origin, releaseInput: releaseInput)
        {
            var builder = joined
            return try builder.finish()
        }
        var reader = MasterFileReader(bytes: buffer, origin: origin)
        reader.releaseInput = releaseInput
        return try reader.read()
    }

    /// A position just after a newline, near the middle, where a line starts with an owner name.
    static func splitPoint(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = buffer.count / 2
        let limit = min(buffer.count - 1, index + (1 << 20))
        while index < limit {
            if buffer[index] == 0x0A {
                let next = buffer[index + 1]
                switch next {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "$"), UInt8(ascii: "("),
                    UInt8(ascii: ")"), UInt8(ascii: "\""):
                    break
                default:
                    return index + 1
                }
            }
            index += 1
        }
        return nil
    }

    /// `$ORIGIN` and `$TTL` in force at the end of `text`, from the directive lines alone.
    private static func directiveState(
        _ text: UnsafeBufferPointer<UInt8>, origin: DNSName
    ) -> (origin: [UInt8], ttl: UInt32?)? {
        var currentOrigin = origin.wire
        var ttl: UInt32?
        var index = 0
        var scratch: [UInt8] = []
        while index < text.count {
            let lineStart = index
            while index < text.count && text[index] != 0x0A { index += 1 }
            index += 1
            guard text[lineStart] == UInt8(ascii: "$") else { continue }
            let line = UnsafeBufferPointer(rebasing: text[lineStart..<min(index, text.count)])
            let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            guard fields.count >= 2 else { return nil }
            let name = String(decoding: fields[0], as: UTF8.self).uppercased()
            let argument = Array(fields[1])
            if name == "$ORIGIN" {
                do {
                    try argument.withUnsafeBufferPointer { bytes throws(DNSNameError) in
                        try DNSNameText.parse(bytes, origin: currentOrigin, into: &scratch)
                    }
                } catch {
                    return nil
                }
                currentOrigin = scratch
            } else if name == "$TTL" {
                guard let value = TTLText.parse(argument) else { return nil }
                ttl = value > ZoneLimits.maximumTTL ? 0 : value
            }
        }
        return (currentOrigin, ttl)
    }

    /// Wraps values for the hand-over to the second thread; each is used by one thread at a time.
    private struct Unchecked<Value>: @unchecked Sendable {
        var value: Value
    }

    private final class Slot<Value>: @unchecked Sendable {
        var value: Value?
    }

    /// The joined builder, or nil when the halves cannot be joined (then read in one pass).
    static func readSplit(
        _ buffer: UnsafeBufferPointer<UInt8>, at split: Int, origin: DNSName, releaseInput: (@Sendable (Range<Int>) -> Void)?
    ) -> ZoneBuilder? {
        let first = UnsafeBufferPointer(rebasing: buffer[0..<split])
        let second = UnsafeBufferPointer(rebasing: buffer[split...])
        guard let state = directiveState(first, origin: origin) else { return nil }

        let secondInput = Unchecked(value: second)
        let secondResult = Slot<Result<MasterFileReader, ZoneError>>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var reader = MasterFileReader(
                bytes: secondInput.value, origin: origin, startOrigin: state.origin, startTTL: state.ttl)
            reader.releaseInput = releaseInput
            reader.releaseBase = split
            do throws(ZoneError) {
                try reader.readAll()
                secondResult.value = .success(reader)
            } catch {
                secondResult.value = .failure(error)
            }
            done.signal()
        }
        // The first half's arenas are reserved for the whole input, so the second half's records
        // are appended without moving them (reserved space costs no memory until written).
        var firstReader = MasterFileReader(bytes: first, origin: origin, reserveFor: buffer.count)
        firstReader.releaseInput = releaseInput
        let firstOK: Bool
        do throws(ZoneError) {
            try firstReader.readAll()
            firstOK = true
        } catch {
            firstOK = false
        }
        done.wait()
        guard firstOK, case .success(var secondReader)? = secondResult.value,
            firstReader.currentOrigin == state.origin, firstReader.defaultTTL == state.ttl,
            state.ttl != nil
        else { return nil }
        var builder = firstReader.takeBuilder()
        let continues = secondReader.firstOwnerExact.map { $0 == firstReader.lastOwnerExact } ?? false
        secondResult.value = nil  // the reader below is now the only owner of the second half's arrays
        var secondBuilder = secondReader.takeBuilder()
        builder.append(moving: &secondBuilder, lineOffset: firstReader.line - 1, continuesBlock: continues)
        return builder
    }
}
