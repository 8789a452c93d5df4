/// DirectAdmin's reply bodies: url-encoded `key=value&…` (sent with Content-Length, so HTTP/1.0
/// clients read them).
public enum DirectAdminReply {
    public static func ok(_ text: String? = nil) -> String {
        FormEncoding.encode([("error", "0")] + (text.map { [("text", $0)] } ?? []))
    }

    public static func error(_ text: String) -> String {
        FormEncoding.encode([("error", "1"), ("text", text)])
    }

    /// `exists` answers: 0 not here, 1 here, 2 an ancestor zone is here, 3 ancestor with owner.
    public static func exists(_ code: Int, details: String? = nil, hostname: String? = nil, username: String? = nil) -> String {
        var pairs = [("error", "0"), ("exists", String(code))]
        if let details { pairs.append(("details", details)) }
        if let hostname { pairs.append(("hostname", hostname)) }
        if let username { pairs.append(("username", username)) }
        return FormEncoding.encode(pairs)
    }
}
