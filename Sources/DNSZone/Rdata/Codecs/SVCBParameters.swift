/// SvcParams of SVCB/HTTPS records (RFC 9460) between their presentation and wire forms.
///
/// Known keys: `mandatory` (0), `alpn` (1), `no-default-alpn` (2), `port` (3), `ipv4hint` (4),
/// `ech` (5), `ipv6hint` (6), `dohpath` (7, RFC 9461) and `ohttp` (8, RFC 9540, no value); any
/// key may also be written `keyNNNNN` (0...65535, no leading zeros).
///
/// Where RFC 9460 leaves room, the rules are BIND 9.18's (`named-compilezone`), the reference
/// this project is checked against:
/// - A `keyNNNNN` form, or a registered name in other than lower case (`ALPN`), takes its value
///   as a plain character-string, and the wire value must then be valid for that key:
///   `key3=\000\053` is `port=53`, `key1=h2` is an error.
/// - The values of `mandatory`, `port`, `ipv4hint`, `ipv6hint` and `ech` are read as written,
///   so they may not contain backslash escapes; `ech` may contain blanks (inside quotes), which
///   are skipped, and may be empty. Hints follow `inet_pton` (no leading zeros in IPv4).
/// - In `alpn`, after character-string decoding, a backslash makes the next byte literal
///   (RFC 9460 Appendix A.1 names only `\,` and `\\`; BIND accepts any byte, as here).
/// - Names in the `mandatory` list are case-insensitive (`mandatory=ALPN`).
/// - `no-default-alpn` requires `alpn` in the same record (RFC 9460 §7.1.1); `dohpath` must be
///   a URI template with a `dns` variable, checked as BIND checks it (see `dohpathProblem`);
///   `key65535` is accepted like any other unregistered key.
/// - `ohttp`, which BIND 9.18 does not know, is supported by name; `key8` must then be empty.
enum SVCBParameters {
    /// Converts the SvcParams of a record from presentation to wire form.
    ///
    /// `tokens` are the record's remaining whitespace-separated fields after SvcPriority and
    /// TargetName, each as raw bytes exactly as written, backslash escapes still in place, with
    /// the lexer's quotes around a value already removed (`alpn="h2,h3"` arrives as
    /// `alpn=h2,h3`). A token is `key=value`, `key=` or a bare `key` (same as an empty value).
    /// If a value still arrives wrapped in `"…"`, the quotes are dropped here.
    ///
    /// Character-string values (`alpn`, `dohpath`, `keyNNNNN`) are decoded with `\DDD` (three
    /// digits, at most 255) and `\X`; `alpn` is then split at commas, a backslash making the
    /// next byte literal, so a comma inside an ALPN id is `\\,` in the zone file (or `\092,`).
    ///
    /// Returns the params sorted by ascending key, each as key (2 bytes), length (2 bytes),
    /// value. Throws a reason naming the key for unknown or duplicate keys, missing or
    /// forbidden values, malformed values and an inconsistent `mandatory` list.
    static func parse(_ tokens: [[UInt8]]) throws(RdataCodecError) -> [UInt8] {
        var params: [(key: UInt16, value: [UInt8])] = []
        params.reserveCapacity(tokens.count)
        for token in tokens {
            params.append(try parseParameter(token[...]))
        }
        params.sort { $0.key < $1.key }
        var totalLength = 0
        for index in params.indices {
            if index > 0 && params[index].key == params[index - 1].key {
                throw RdataCodecError(reason: "SvcParamKey \(keyName(params[index].key)) appears more than once")
            }
            totalLength += 4 + params[index].value.count
        }
        let mandatory = params.first { $0.key == Key.mandatory }?.value[...]
        if let reason = consistencyProblem(keys: params.lazy.map(\.key), mandatory: mandatory) {
            throw RdataCodecError(reason: reason)
        }
        var wire: [UInt8] = []
        wire.reserveCapacity(totalLength)
        for param in params {
            appendUInt16(param.key, to: &wire)
            appendUInt16(UInt16(param.value.count), to: &wire)
            wire.append(contentsOf: param.value)
        }
        return wire
    }

    /// Presentation form of wire-format SvcParams: `key=value` items separated by single
    /// spaces, in wire order; the empty string for no params.
    ///
    /// Output is BIND 9.18's: keys 0–6 by name, all others (`dohpath` and `ohttp` included) as
    /// `keyNNNNN`; `mandatory`, `port`, the address hints and `ech` unquoted (their characters
    /// are always safe); `alpn` and `keyNNNNN` values always in double quotes, with `"` and `\`
    /// backslash-escaped and bytes outside printable ASCII as `\DDD`; inside an `alpn` id a comma
    /// is written `\\,`, a backslash `\\\\` and a space `\032`; an empty value is written as
    /// the bare key.
    /// Reading the result back with `parse` (after splitting at blanks outside quotes and
    /// removing the quotes) gives the same wire bytes.
    ///
    /// Returns nil when the wire form is malformed; see `validate(_:)`.
    static func format(_ wire: some Collection<UInt8>) -> String? {
        if let result = wire.withContiguousStorageIfAvailable({ format(buffer: $0) }) {
            return result
        }
        return Array(wire).withUnsafeBufferPointer { format(buffer: $0) }
    }

    /// Checks wire-format SvcParams (e.g. from RFC 3597 `\#` input of SVCB/HTTPS): every param
    /// complete, keys strictly ascending, each known key's value well-formed (`mandatory` a
    /// non-empty ascending list without key 0 of keys present in the record, `alpn` non-empty
    /// ids, `port` 2 bytes, hints whole non-empty address lists, `no-default-alpn` and `ohttp`
    /// empty, `dohpath` as for `parse`), and `no-default-alpn` only together with `alpn`.
    static func validate(_ wire: some Collection<UInt8>) -> Bool {
        if let result = wire.withContiguousStorageIfAvailable({ parseWire($0) != nil }) {
            return result
        }
        return Array(wire).withUnsafeBufferPointer { parseWire($0) != nil }
    }
}
