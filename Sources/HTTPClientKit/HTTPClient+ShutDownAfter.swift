import AsyncHTTPClient

extension HTTPClient {
    /// Runs `body` with this client, then shuts the client down, whether `body` returned or threw
    /// (a client must be shut down before it goes away). The error `body` throws is passed on as
    /// it is; a failed shutdown is ignored, as there is nothing left to do with the client.
    public func shutDownAfter<T, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation, _ body: (HTTPClient) async throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result: Result<T, Failure>
        do {
            result = .success(try await body(self))
        } catch {
            result = .failure(error)
        }
        try? await shutdown()
        return try result.get()
    }
}
