import AsyncHTTPClient
import DirectAdmin
import Foundation
import NIOCore
import NIOHTTP1

/// The calls one node makes to a peer's `/internal` endpoints, with the peer's credentials
/// (HTTP Basic) and a time limit on every call. Redirects are never followed.
struct PeerClient: Sendable {
    let http: HTTPClient
    let peer: PeerEndpoint
    let timeout: Duration

    /// Biggest answer read: a listing of 100,000 zones stays far below.
    static let maxBodySize = 128 << 20

    /// `GET /internal/zones`: every zone and tombstone the peer holds, and the bytes read.
    func listZones() async throws(PeerSyncError) -> (entries: [PeerZoneListingEntry], bytes: Int) {
        let body = try await get("/internal/zones")
        return (try decode([PeerZoneListingEntry].self, from: body), body.count)
    }

    /// `GET /internal/changes[?since=N]`: the zones changed after `cursor`, and the bytes read;
    /// nil when the peer has no such route (an older dadns, or a store without cursors: 404).
    func changes(since cursor: Int64?) async throws(PeerSyncError) -> (document: PeerChangesDocument, bytes: Int)? {
        let body: [UInt8]
        do {
            body = try await get("/internal/changes" + (cursor.map { "?since=\($0)" } ?? ""))
        } catch {
            if case .httpStatus(404) = error { return nil }
            throw error
        }
        return (try decode(PeerChangesDocument.self, from: body), body.count)
    }

    /// `GET /internal/zones?domain=D`: one zone's text.
    func zone(_ domain: String) async throws(PeerSyncError) -> PeerZoneDocument {
        try decode(PeerZoneDocument.self, from: try await get("/internal/zones?domain=" + domain))
    }

    /// `GET /internal/peers`: the peer URLs the peer knows.
    func peers() async throws(PeerSyncError) -> [String] {
        try decode([String].self, from: try await get("/internal/peers"))
    }

    private func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(PeerSyncError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw .garbage("not the expected JSON (\(Self.describe(error)))")
        }
    }

    /// A short reason for a decoding error, without echoing the peer's bytes at length.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return (path.isEmpty ? "" : path + ": ") + String(context.debugDescription.prefix(120))
        default:
            return String("\(error)".prefix(120))
        }
    }

    private func get(_ target: String) async throws(PeerSyncError) -> [UInt8] {
        var request = HTTPClientRequest(url: peer.url + target)
        request.method = .GET
        let credentials = Data("\(peer.username):\(peer.password)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic " + credentials)
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: Self.maxBodySize)
            guard response.status.code == 200 else { throw PeerSyncError.httpStatus(Int(response.status.code)) }
            return Array(buffer: body)
        } catch {
            throw .classify(error, maxBodySize: Self.maxBodySize, verifySetting: "peer_sync.verify_ssl")
        }
    }
}
