import Foundation

extension FakeDirectAdmin {
    /// A reply to send.
    struct Reply {
        var status: Int
        var headers: [(String, String)] = []
        var body: String

        static func text(_ status: Int, _ body: String, type: String = "text/plain") -> Reply {
            Reply(status: status, headers: [("Content-Type", type)], body: body)
        }

        static func json(_ object: Any) -> Reply {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return .text(200, String(decoding: data, as: UTF8.self), type: "application/json")
        }
    }

    static let loginPage = "<!DOCTYPE html><html><head><title>DirectAdmin Login</title></head><body><form action=\"/CMD_LOGIN\"></form></body></html>"

    func respond(to request: Request, mode: Mode) -> Reply {
        if mode == .failing { return .text(500, "Internal Server Error") }
        if request.path == "/CMD_LOGIN" { return login(request) }
        switch authorization(request, mode: mode) {
        case .denied: return .text(401, "error=1&text=Please login")
        case .redirect: return Reply(status: 302, headers: [("Location", "/"), ("Content-Type", "text/html")], body: "")
        case .granted: break
        }
        switch (request.method, request.path) {
        case ("GET", "/CMD_DNS_ADMIN"): return dnsAdminListing(request, mode: mode)
        case ("GET", "/CMD_API_SHOW_ALL_DOMAINS"): return legacyListing(mode: mode)
        case ("GET", "/CMD_API_DNS_ADMIN"): return zone(request)
        case ("GET", "/CMD_MULTI_SERVER"): return .json(["servers": multiServers])
        case ("POST", "/CMD_MULTI_SERVER"): return multiServer(request)
        default: return .text(404, Self.loginPage, type: "text/html")
        }
    }

    enum Access { case granted, denied, redirect }

    func authorization(_ request: Request, mode: Mode) -> Access {
        let basic = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        let cookies = (request.headers["cookie"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        if cookies.contains(sessionCookie) { return .granted }
        guard request.headers["authorization"] == basic else {
            return mode == .loginRedirect && request.headers["authorization"] != nil ? .redirect : .denied
        }
        return mode == .loginRedirect ? .redirect : .granted
    }

    func login(_ request: Request) -> Reply {
        guard request.method == "POST", request.form["username"] == username, request.form["password"] == password else {
            return .text(200, Self.loginPage, type: "text/html")
        }
        return Reply(
            status: 302,
            headers: [
                ("Location", request.form["referer"] ?? "/"), ("Set-Cookie", "\(sessionCookie); path=/; HttpOnly"),
                ("Set-Cookie", "key=\(UUID().uuidString.prefix(8)); path=/"),
            ],
            body: "")
    }

    func dnsAdminListing(_ request: Request, mode: Mode) -> Reply {
        switch mode {
        case .legacyOnly: return .text(200, Self.loginPage, type: "text/html")
        case .garbageHTML: return .text(200, "<html><body>Internal error</body></html>", type: "text/html")
        case .garbageJSON: return .text(200, "{\"0\": {\"domain\": \"a.example\"", type: "application/json")
        default: break
        }
        let all = lock.withLock { state.domains.map { ($0, state.usernames[$0]) } }
        let perPage = max(1, Int(request.query["ipp"] ?? "") ?? 50)
        let page = max(1, Int(request.query["page"] ?? "") ?? 1)
        let totalPages = max(1, (all.count + perPage - 1) / perPage)
        var object: [String: Any] = [
            "info": ["current_page": String(page), "ipp": String(perPage), "total_pages": String(totalPages), "rows": String(all.count)]
        ]
        let slice = all.dropFirst((page - 1) * perPage).prefix(perPage)
        for (index, entry) in slice.enumerated() {
            var item: [String: Any] = ["domain": entry.0, "records": "7"]
            if let user = entry.1 { item["username"] = user }
            object[String(index)] = item
        }
        return .json(object)
    }

    func legacyListing(mode: Mode) -> Reply {
        switch mode {
        case .garbageHTML: return .text(200, "<html><body>Internal error</body></html>", type: "text/html")
        case .garbageJSON: return .text(200, "{\"list\": [", type: "application/json")
        default: break
        }
        let domains = lock.withLock { state.domains }
        let body = domains.map { "list[]=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? $0) }
            .joined(separator: "&")
        return .text(200, body)
    }

    func zone(_ request: Request) -> Reply {
        let domain = (request.query["domain"] ?? "").lowercased()
        let text = lock.withLock { state.domains.contains { $0.lowercased() == domain } ? state.zones[domain] : nil }
        guard let text else { return .text(200, "error=1&text=Cannot find the zone for \(domain)&details=") }
        return .text(200, text)
    }

    func multiServer(_ request: Request) -> Reply {
        switch request.form["action"] {
        case "add":
            guard let ip = request.form["ip"], !ip.isEmpty, request.form["passwd"]?.isEmpty == false else {
                return .json(["error": "1", "result": "ip and passwd are required"])
            }
            lock.withLock {
                state.multiServers[ip] = [
                    "port": request.form["port"] ?? "", "user": request.form["user"] ?? "", "ssl": request.form["ssl"] ?? "",
                    "dns": "no", "domain_check": "no",
                ]
            }
            return .json(["success": "Server added"])
        case "multiple" where request.form["save"] == "yes":
            guard let ip = request.form["select0"], lock.withLock({ state.multiServers[ip] != nil }) else {
                return .json(["error": "1", "result": "no such server"])
            }
            lock.withLock {
                for field in ["port", "user", "ssl", "dns", "domain_check", "user_check", "email", "show_all_users"] {
                    if let value = request.form["\(field)-\(ip)"] { state.multiServers[ip]?[field] = value }
                }
            }
            return .json(["success": "Settings saved"])
        default:
            return .json(["error": "1", "result": "unknown action"])
        }
    }
}
