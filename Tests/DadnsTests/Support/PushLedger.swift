import Foundation
import Testing
import DadnsTestKit

/// Every rawsave a fault-injection test sends and what dadns answered. An answer is either an
/// acknowledgement (HTTP 200 with `error=0`: DirectAdmin forgets the change) or a refusal
/// (`error=1`, whatever the HTTP status: DirectAdmin reports it and sends the zone again on its
/// next save); anything else (`error=0` with another status, no `error=`) is kept as a violation. The
/// ledger knows the last acknowledged serial of every zone, which every backend must end up
/// holding: a push acknowledged and then dropped shows up as a zone behind on some backend.
final class PushLedger {
    struct Refusal {
        var domain: String
        var serial: Int
        var status: Int
        var body: String
    }

    let daemon: DadnsProcess
    private(set) var lastAcked: [String: Int] = [:]
    private(set) var acknowledged = 0
    private(set) var refusals: [Refusal] = []
    private(set) var violations: [String] = []

    init(_ daemon: DadnsProcess) {
        self.daemon = daemon
    }

    /// Sends a rawsave of `domain` with `serial`; true when acknowledged. A transport failure
    /// (the daemon is gone, or no answer within `timeout` seconds) throws.
    @discardableResult
    func push(_ domain: String, serial: Int, timeout: Int = 10) throws -> Bool {
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob",
            OperatorViewTests.zone(domain, serial: serial), timeout: timeout)
        let fields = reply.body.split(separator: "&").map(String.init)
        if reply.status == 200 && fields.first == "error=0" {
            acknowledged += 1
            lastAcked[domain] = serial
            return true
        }
        if fields.first == "error=1" {
            refusals.append(Refusal(domain: domain, serial: serial, status: reply.status, body: reply.body))
        } else {
            violations.append("\(domain) serial \(serial): HTTP \(reply.status) \(reply.body)")
        }
        return false
    }

    /// Zones whose last acknowledged serial `backend` does not hold, with what it holds.
    func behind(on backend: BackendProbe) -> [String] {
        let domains = lastAcked.keys.sorted()
        guard let held = try? backend.serials(domains) else { return ["\(backend.name) cannot be read"] }
        return domains.compactMap { domain in
            held[domain] == lastAcked[domain] ? nil : "\(domain): \(backend.name) holds \(held[domain].map(String.init) ?? "nothing"), last acknowledged \(lastAcked[domain] ?? 0)"
        }
    }
}
