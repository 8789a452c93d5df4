/// One record inside `RecordStorage`: small fixed-size fields pointing into the arenas.
struct RecordEntry: Sendable {
    var owner: UInt32
    var rdataStart: UInt32
    var rdataLength: UInt16
    var type: UInt16
    var ttl: UInt32
    /// Source line (1-based), 0 when the record did not come from text.
    var line: UInt32
    /// Number of the owner block (run of consecutive records with one owner) the TTL came from:
    /// BIND gives an RRset the TTL of its first record in the last block that mentions it.
    var block: UInt32
}
