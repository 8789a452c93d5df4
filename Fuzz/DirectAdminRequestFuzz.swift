// libFuzzer entry point for DirectAdmin request parsing, outside the package so that
// `swift build` never sees it: scripts/fuzz-directadmin-requests.sh compiles it with the parser's
// source files (DirectAdminCommand, DomainNameRules, FormEncoding) and -sanitize=fuzzer,address.
// Besides "does not crash", it checks that every name the parser lets through is safe to use as
// a file name, in an include file and in a log line.

/// Input layout: first byte picks the path, then the query string up to the first newline, then
/// the body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDirectAdminRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let rest = bytes.dropFirst()
    let newline = rest.firstIndex(of: 10) ?? rest.endIndex
    let query = String(decoding: rest[..<newline], as: UTF8.self)
    let body = Array(rest[newline...].dropFirst())
    let path = ["/CMD_API_DNS_ADMIN", "/CMD_API_LOGIN_TEST", "/CMD_API_OTHER"][Int(selector) % 3]
    guard case .success(let command) = DirectAdminRequestParser.parse(path: path, query: query, body: body) else { return 0 }
    switch command {
    case .loginTest:
        break
    case .exists(let domain, _):
        if let domain { checkSafe(domain, "exists domain") }
    case .rawSave(let domain, _, let hostname, let username, _):
        checkSafe(domain, "rawsave domain")
        if let hostname { checkSafe(hostname, "hostname") }
        if let username { checkSafe(username, "username") }
    case .delete(let domains, let hostname, let username):
        precondition(!domains.isEmpty, "delete without domains")
        for domain in domains { checkSafe(domain, "delete domain") }
        if let hostname { checkSafe(hostname, "hostname") }
        if let username { checkSafe(username, "username") }
    }
    return 0
}

/// A name that went through the parser: lower-case host-name characters only, bounded, and
/// already in normal form.
private func checkSafe(_ name: String, _ what: String) {
    precondition(!name.isEmpty && name.utf8.count <= 253, "\(what) length: \(name.utf8.count)")
    precondition(!name.hasPrefix(".") && !name.contains(".."), "\(what) with empty label: \(name)")
    for byte in name.utf8 {
        let allowed = (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 46 || byte == 95
            || (65...90).contains(byte)  // user names may hold capitals
        precondition(allowed, "\(what) holds byte \(byte): \(name.debugDescription)")
    }
}
