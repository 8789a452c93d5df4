#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back large arenas with transparent huge pages: a million-record zone
/// touches ~80 MB of fresh memory, and 4 KiB pages make that ~20,000 page faults.
enum HugePages {
    /// Advises the reserved capacity of `array` (when it is at least 4 MiB).
    static func advise<Element>(_ array: inout [Element]) {
        #if os(Linux)
        let bytes = array.capacity * MemoryLayout<Element>.stride
        guard bytes >= 4 << 20 else { return }
        array.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let hugePage = 2 << 20
            let start = (Int(bitPattern: base) + hugePage - 1) / hugePage * hugePage
            let end = (Int(bitPattern: base) + bytes) / hugePage * hugePage
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        }
        #endif
    }
}
