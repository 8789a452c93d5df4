extension PushClient {
    /// Pushes seeded zone `number` with `serial` as DirectAdmin does (`rawsave`, from the
    /// hostname and user the seeder gave it) and checks dadns accepted it; returns the seconds
    /// from the push to dadns's reply.
    @discardableResult
    func pushBenchZone(_ number: Int, serial: UInt32) throws -> Double {
        let domain = BenchSeeder.domain(number)
        let body = Array(BenchDirectAdminZone.text(domain: domain, serial: serial, index: number).utf8)
        let sent = Clock.now()
        let reply = try send(
            method: "POST", target: "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da\(number % 3 + 1).example&username=user\(number % 500)",
            body: body)
        let accepted = Clock.now() - sent
        guard reply.status == 200, reply.body == "error=0" else { throw BenchError("push of \(domain): HTTP \(reply.status) \(reply.body)") }
        return accepted
    }
}
