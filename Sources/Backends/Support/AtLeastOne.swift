/// A count that is at least one (zones per command line, requests at once): a smaller value
/// given to a settings initializer becomes 1, so chunking and concurrency never see 0.
@propertyWrapper
public struct AtLeastOne: Sendable, Equatable {
    private var value: Int

    public init(wrappedValue: Int) { value = max(1, wrappedValue) }

    public var wrappedValue: Int {
        get { value }
        set { value = max(1, newValue) }
    }
}
