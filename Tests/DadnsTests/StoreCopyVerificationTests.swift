import Testing
@testable import ZoneStore
@testable import dadns

/// The check `dadns store copy` ends with: what counts as verified, and what does not.
@Suite("store copy verification")
struct StoreCopyVerificationTests {
    func version(_ domain: String, _ generation: Int64, _ hash: String?) -> StoredZoneVersion {
        StoredZoneVersion(domain: domain, generation: generation, present: hash != nil, contentHash: hash)
    }

    let counts = StoreCounts(presentZones: 2, tombstones: 1, journalEntries: 7, appliedRows: 4)

    func verify(_ target: [StoredZoneVersion], counts targetCounts: StoreCounts? = nil, appliedCopied: Bool = true) -> StoreCopyVerification {
        StoreCopyVerification(
            source: [version("a.example", 2, "h1"), version("b.example", 1, "h2"), version("c.example", 3, nil)], target: target,
            sourceCounts: counts, targetCounts: targetCounts ?? counts, appliedCopied: appliedCopied)
    }

    @Test func equalSidesAreIdenticalWithEqualDigests() {
        let check = verify([version("a.example", 2, "h1"), version("b.example", 1, "h2"), version("c.example", 3, nil)])
        #expect(check.identical && check.verified && check.sourceDigest == check.targetDigest)
        #expect(check.lines.last == "verified: identical")
        // The digest is over domain, generation and hash: a generation alone changes it.
        #expect(StoreCopyVerification.digest([version("a.example", 2, "h1")]) != StoreCopyVerification.digest([version("a.example", 3, "h1")]))
    }

    @Test func aMissingOrOtherVersionOrFewerJournalEntriesIsNotVerified() {
        let missing = verify([version("a.example", 2, "h1"), version("c.example", 3, nil)])
        #expect(!missing.verified && missing.missing == ["b.example"] && missing.lines.last == "NOT verified: the target differs")
        let other = verify([version("a.example", 2, "h9"), version("b.example", 1, "h2"), version("c.example", 3, nil)])
        #expect(!other.verified && other.differing == ["a.example"])
        // A deleted zone present in the target at a later generation is another version, not a renumbering.
        let undeleted = verify([version("a.example", 2, "h1"), version("b.example", 1, "h2"), version("c.example", 4, "h3")])
        #expect(!undeleted.verified && undeleted.differing == ["c.example"])
        let all = [version("a.example", 2, "h1"), version("b.example", 1, "h2"), version("c.example", 3, nil)]
        var fewer = counts
        fewer.journalEntries -= 1
        #expect(!verify(all, counts: fewer).verified)
        fewer = counts
        fewer.appliedRows = 0
        #expect(!verify(all, counts: fewer).verified)
        #expect(verify(all, counts: fewer, appliedCopied: false).verified)
    }

    @Test func moreInTheTargetOrTheSameContentRenumberedIsVerifiedButNotIdentical() {
        var more = counts
        more.presentZones += 1
        more.journalEntries += 3
        let check = verify(
            [version("a.example", 5, "h1"), version("b.example", 1, "h2"), version("c.example", 3, nil), version("d.example", 1, "h4")],
            counts: more)
        #expect(check.verified && !check.identical)
        #expect(check.renumbered == ["a.example"] && check.onlyInTarget == ["d.example"])
        #expect(check.lines.last == "verified: the target holds everything the source has, and more")
    }
}
