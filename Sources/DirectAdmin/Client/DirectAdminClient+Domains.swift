import AsyncHTTPClient
import DNSZone
import Foundation

/// What a server listed: valid names (lower-cased) and the entries that were not valid names.
public struct DomainListing: Sendable, Equatable {
    public enum Format: String, Sendable, Codable {
        /// `CMD_DNS_ADMIN?json=yes`, paged.
        case json
        /// `list[]=…` (`CMD_API_SHOW_ALL_DOMAINS`, or an old `CMD_DNS_ADMIN`).
        case legacy
    }

    public var domains: [ListedDomain]
    /// Entries refused by `DomainNameRules` (never used).
    public var invalid: [String]
    public var format: Format
    public var pages: Int
}

extension DirectAdminClient {
    /// Every domain the server has: `CMD_DNS_ADMIN?json=yes` page by page, else the legacy
    /// `list[]` format. Throws when the server cannot be reached or answers in no known
    /// format — an answer is complete or it is an error, never a partial list.
    public func listDomains() async throws(DirectAdminClientError) -> DomainListing {
        try await withHTTP { http async throws(DirectAdminClientError) -> DomainListing in
            var raw: [(domain: String, username: String?)] = []
            var page = 1
            var totalPages = 1
            while page <= totalPages {
                let answer = try await authorized(http, .GET, "/CMD_DNS_ADMIN?json=yes&page=\(page)&ipp=\(itemsPerPage)")
                if page == 1 && answer.status == 404 {
                    return try await legacyListing(http, reason: "CMD_DNS_ADMIN answered 404")
                }
                guard (200..<300).contains(answer.status) else { throw .httpStatus(answer.status) }
                if let parsed = DomainListParsing.jsonPage(answer.body) {
                    raw += parsed.entries
                    totalPages = min(parsed.totalPages, 100_000)
                    page += 1
                    continue
                }
                if page == 1 {
                    // An old DirectAdmin answers this command in the legacy format …
                    if !answer.isHTML, let list = DomainListParsing.legacyList(answer.body), !list.isEmpty {
                        return Self.listing(list.map { ($0, nil) }, format: .legacy, pages: 1)
                    }
                    // … or with its HTML page: ask the legacy command.
                    do {
                        return try await legacyListing(http, reason: answer.isHTML ? "CMD_DNS_ADMIN answered HTML" : "CMD_DNS_ADMIN answered no JSON")
                    } catch {
                        logger?.debug("[da:\(server.hostname)] CMD_API_SHOW_ALL_DOMAINS failed too: \(error)")
                    }
                }
                if answer.isHTML {
                    logger?.error(
                        "[da:\(server.hostname)] Returned HTML instead of API response — check credentials and admin-level access. Skipping.")
                    throw .html
                }
                throw .garbage("page \(page) of CMD_DNS_ADMIN is not JSON: \(Self.preview(answer.body))")
            }
            return Self.listing(raw, format: .json, pages: totalPages)
        }
    }

    /// `GET /CMD_API_SHOW_ALL_DOMAINS`: `list[]=a&list[]=b`.
    func legacyListing(_ http: HTTPClient, reason: String) async throws(DirectAdminClientError) -> DomainListing {
        logger?.debug("[da:\(server.hostname)] \(reason); trying CMD_API_SHOW_ALL_DOMAINS")
        let answer = try await authorized(http, .GET, "/CMD_API_SHOW_ALL_DOMAINS")
        guard (200..<300).contains(answer.status) else { throw .httpStatus(answer.status) }
        if let text = DomainListParsing.errorText(answer.body) { throw .refused(text) }
        if answer.isHTML { throw .html }
        guard let list = DomainListParsing.legacyList(answer.body) else {
            throw .garbage("CMD_API_SHOW_ALL_DOMAINS: \(Self.preview(answer.body))")
        }
        return Self.listing(list.map { ($0, nil) }, format: .legacy, pages: 1)
    }

    static func listing(_ raw: [(domain: String, username: String?)], format: DomainListing.Format, pages: Int) -> DomainListing {
        var seen = Set<String>()
        var domains: [ListedDomain] = []
        var invalid: [String] = []
        for entry in raw {
            switch DomainNameRules.normalize(entry.domain.trimmingCharacters(in: .whitespaces)) {
            case .success(let name):
                if seen.insert(name).inserted { domains.append(ListedDomain(domain: name, username: entry.username)) }
            case .failure:
                invalid.append(String(entry.domain.prefix(80)))
            }
        }
        return DomainListing(domains: domains, invalid: invalid, format: format, pages: pages)
    }

    /// The first bytes of an answer, printable, for an error message.
    static func preview(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(80), as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 ? " " : Character($0) })
        return body.isEmpty ? "(empty)" : "'\(cleaned)\(body.count > 80 ? "…" : "")'"
    }
}
