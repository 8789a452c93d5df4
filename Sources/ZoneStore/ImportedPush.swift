/// The rows that hold one push as if it had been stored at `at` and applied on `backends`: for
/// bulk imports that bypass the push path (`dadns-bench seed`), written with `importZones` and
/// `importJournal`.
public struct ImportedPush: Sendable {
    public var zone: StoredZone
    public var applied: [StoredApplied]
    public var journal: JournalLine

    public init(_ push: ZonePush, generation: Int64 = 1, at changedAt: Double, appliedOn backends: [String]) {
        zone = StoredZone(
            domain: push.domain, generation: generation, present: true, zoneText: push.canonicalText,
            recordCount: push.recordCount, contentHash: push.contentHash, serial: push.serial.map(Int64.init),
            hostname: push.hostname, username: push.username, clientAddress: push.clientAddress,
            createdAt: changedAt, updatedAt: changedAt, changedAt: changedAt)
        applied = backends.map {
            StoredApplied(
                backend: $0, domain: push.domain, appliedGeneration: generation, appliedHash: push.contentHash, status: "ok",
                attempts: 0, nextAttemptAt: nil, lastAttemptAt: changedAt, lastError: nil, lastVerifiedAt: nil)
        }
        journal = JournalLine(push, action: "save", generation: generation, detail: nil, at: changedAt)
    }
}
