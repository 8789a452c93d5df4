import Foundation
import DadnsTestKit

/// What concurrent DirectAdmin clients sent to several nodes and what each node answered, for a
/// crash test: per zone, the last acknowledged serial, the serials whose answer never came (the
/// node died with the request in flight: stored or not, both are right) and whether its delete was
/// acknowledged. Thread-safe: every client thread records into one ledger.
final class ClusterPushLedger: @unchecked Sendable {
    /// One zone's history as DirectAdmin saw it.
    struct Zone {
        var lastAcked: Int?
        var inDoubt: Set<Int> = []
        var deleteAcked = false
        var deleteInDoubt = false
    }

    private let lock = NSLock()
    private var zones: [String: Zone] = [:]
    private var acknowledgedCount = 0
    private var inDoubtCount = 0
    private var notDeliveredCount = 0
    private var acknowledgedByPort: [Int: Int] = [:]
    private var violationList: [String] = []

    var acknowledged: Int { lock.withLock { acknowledgedCount } }
    var unanswered: Int { lock.withLock { inDoubtCount } }
    /// Requests whose connection was refused (the node was down): DirectAdmin reports them failed.
    var notDelivered: Int { lock.withLock { notDeliveredCount } }
    /// Requests acknowledged by the node on `port`.
    func acknowledged(by port: Int) -> Int { lock.withLock { acknowledgedByPort[port, default: 0] } }
    var violations: [String] { lock.withLock { violationList } }
    var snapshot: [String: Zone] { lock.withLock { zones } }

    /// Sends a rawsave of `domain` at `serial` to the node listening on `port`; true when acknowledged.
    @discardableResult
    func push(_ domain: String, serial: Int, port: Int) -> Bool {
        let reply = send(port: port, target: "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob",
                         body: OperatorViewTests.zone(domain, serial: serial), what: "\(domain) serial \(serial)")
        return lock.withLock {
            count(reply, port: port)
            switch reply {
            case .acknowledged: zones[domain, default: Zone()].lastAcked = serial
            case .unanswered: zones[domain, default: Zone()].inDoubt.insert(serial)
            case .refused, .notDelivered: zones[domain] = zones[domain] ?? Zone()
            }
            return reply == .acknowledged
        }
    }

    /// Sends DirectAdmin's delete of `domain` to the node on `port`; true when acknowledged.
    @discardableResult
    func delete(_ domain: String, port: Int) -> Bool {
        let reply = send(port: port, target: "/CMD_API_DNS_ADMIN",
                         body: "action=delete&cluster=yes&hostname=da1.example&select0=\(domain)", what: "delete \(domain)")
        return lock.withLock {
            count(reply, port: port)
            switch reply {
            case .acknowledged: zones[domain, default: Zone()].deleteAcked = true
            case .unanswered: zones[domain, default: Zone()].deleteInDoubt = true
            case .refused, .notDelivered: break
            }
            return reply == .acknowledged
        }
    }

    /// What is wrong with `served` (zone → SOA serial a name server answers; zones it refuses
    /// left out) against the ledger: `lost` names zones behind their last acknowledged serial,
    /// `resurrected` zones served although their delete was acknowledged.
    func compare(served: [String: Int]) -> (lost: [String], resurrected: [String]) {
        var lost: [String] = [], resurrected: [String] = []
        for (domain, zone) in snapshot.sorted(by: { $0.key < $1.key }) {
            let serial = served[domain]
            if zone.deleteAcked {
                if let serial { resurrected.append("\(domain) (serial \(serial))") }
                continue
            }
            if zone.deleteInDoubt && serial == nil { continue }
            // Newer than the last acknowledged serial is only right for a push whose answer was lost.
            let newer = zone.inDoubt.filter { $0 > (zone.lastAcked ?? 0) }
            let acceptable = (zone.lastAcked.map { [$0] } ?? []) + newer
            if acceptable.isEmpty { continue }  // never acknowledged: nothing is owed
            if serial.map(acceptable.contains) != true {
                lost.append("\(domain): serves \(serial.map(String.init) ?? "nothing"), last acknowledged \(zone.lastAcked.map(String.init) ?? "none")")
            }
        }
        return (lost, resurrected)
    }

    private enum Answer { case acknowledged, refused, unanswered, notDelivered }

    /// Counts one answer (under the lock).
    private func count(_ answer: Answer, port: Int) {
        switch answer {
        case .acknowledged:
            acknowledgedCount += 1
            acknowledgedByPort[port, default: 0] += 1
        case .unanswered: inDoubtCount += 1
        case .notDelivered: notDeliveredCount += 1
        case .refused: break
        }
    }

    private func send(port: Int, target: String, body: String, what: String) -> Answer {
        let reply: RawHTTPClient.Reply
        do {
            reply = try RawHTTPClient.send(port: port, request: RawHTTPClient.directAdminRequest(
                method: "POST", target: target, user: "directdnsonly", password: "secret", body: body))
        } catch {
            // Refused at connect: nothing reached the node. Any later failure: it may have committed.
            return "\(error)".contains("cannot connect") ? .notDelivered : .unanswered
        }
        let first = reply.body.split(separator: "&").first.map(String.init)
        if reply.status == 200 && first == "error=0" { return .acknowledged }
        if reply.status == 0 || reply.body.isEmpty { return .unanswered }  // the connection closed before an answer
        if first != "error=1" { lock.withLock { violationList.append("\(what): HTTP \(reply.status) \(reply.body)") } }
        return .refused
    }
}
