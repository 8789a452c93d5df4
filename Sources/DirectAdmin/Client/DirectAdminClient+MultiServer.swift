import AsyncHTTPClient
import Foundation

/// This node as an entry of a DirectAdmin server's Multi-Server Setup.
public struct MultiServerEntry: Sendable, Equatable {
    /// The address or host name DirectAdmin pushes to.
    public var address: String
    public var port: Int
    /// The user name and password DirectAdmin authenticates with (`app.auth_*`).
    public var username: String
    public var password: String
    public var ssl: Bool

    public init(address: String, port: Int, username: String, password: String, ssl: Bool) {
        self.address = address
        self.port = port
        self.username = username
        self.password = password
        self.ssl = ssl
    }
}

extension DirectAdminClient {
    /// What registering did.
    public enum RegisterOutcome: Sendable, Equatable {
        /// The entry was added, then zone transfer and domain check were switched on.
        case added
        /// The entry existed; its settings were saved again with zone transfer and domain check on.
        case updated
    }

    /// Adds `entry` to the server's Multi-Server Setup (`CMD_MULTI_SERVER` `action=add`) unless
    /// it is there, then saves it with zone transfer (`dns`) and domain check on
    /// (`action=multiple&save=yes`).
    public func register(_ entry: MultiServerEntry) async throws(DirectAdminClientError) -> RegisterOutcome {
        try await withHTTP { http async throws(DirectAdminClientError) -> RegisterOutcome in
            let listed = try await authorized(http, .GET, "/CMD_MULTI_SERVER?json=yes")
            guard (200..<300).contains(listed.status) else { throw .httpStatus(listed.status) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any] else {
                throw listed.isHTML ? .html : .garbage("CMD_MULTI_SERVER: \(Self.preview(listed.body))")
            }
            let servers = object["servers"] as? [String: Any] ?? [:]
            let exists = servers.keys.contains { $0.lowercased() == entry.address.lowercased() }
            let ssl = entry.ssl ? "yes" : "no"
            if !exists {
                let added = try await authorized(
                    http, .POST, "/CMD_MULTI_SERVER",
                    form: [
                        ("action", "add"), ("json", "yes"), ("ip", entry.address), ("port", String(entry.port)),
                        ("user", entry.username), ("passwd", entry.password), ("ssl", ssl),
                    ])
                try Self.checkSuccess(added, step: "add")
            }
            let address = entry.address
            let saved = try await authorized(
                http, .POST, "/CMD_MULTI_SERVER",
                form: [
                    ("action", "multiple"), ("save", "yes"), ("json", "yes"), ("passwd", ""), ("select0", address),
                    ("port-\(address)", String(entry.port)), ("user-\(address)", entry.username), ("ssl-\(address)", ssl),
                    ("dns-\(address)", "yes"), ("domain_check-\(address)", "yes"), ("user_check-\(address)", "no"),
                    ("email-\(address)", "no"), ("show_all_users-\(address)", "no"),
                ])
            try Self.checkSuccess(saved, step: "save")
            return exists ? .updated : .added
        }
    }

    /// A `CMD_MULTI_SERVER` answer: JSON `{"success": …}` or url-encoded `error=0`.
    static func checkSuccess(_ answer: Answer, step: String) throws(DirectAdminClientError) {
        guard (200..<300).contains(answer.status) else { throw .httpStatus(answer.status) }
        if let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] {
            if object["success"] != nil && object["error"] == nil { return }
            let reason = (object["result"] ?? object["error"]).map { "\($0)" } ?? "no success"
            throw .refused("\(step): \(reason)")
        }
        if let text = DomainListParsing.errorText(answer.body) { throw .refused("\(step): \(text)") }
        if String(decoding: answer.body.prefix(7), as: UTF8.self).hasPrefix("error=0") { return }
        throw answer.isHTML ? .html : .garbage("\(step): \(preview(answer.body))")
    }
}
