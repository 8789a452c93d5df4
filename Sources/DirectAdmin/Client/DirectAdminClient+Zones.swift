import AsyncHTTPClient

extension DirectAdminClient {
    /// The zone text DirectAdmin holds for `domain` (`GET /CMD_API_DNS_ADMIN?domain=D`).
    /// `domain` must already be a checked name.
    public func zoneText(_ domain: String) async throws(DirectAdminClientError) -> [UInt8] {
        try await withHTTP { http async throws(DirectAdminClientError) -> [UInt8] in
            let answer = try await authorized(http, .GET, "/CMD_API_DNS_ADMIN?domain=\(Self.query(domain))")
            guard (200..<300).contains(answer.status) else { throw .httpStatus(answer.status) }
            if let text = DomainListParsing.errorText(answer.body) { throw .refused(text) }
            if answer.isHTML { throw .html }
            return answer.body
        }
    }
}
