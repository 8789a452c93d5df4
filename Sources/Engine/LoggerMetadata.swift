import Logging

extension Logger {
    /// This logger with `value` under `key` in the metadata of every message (the component of a
    /// pass, the backend of a lane).
    func with(_ key: String, _ value: String) -> Logger {
        var logger = self
        logger[metadataKey: key] = "\(value)"
        return logger
    }
}
