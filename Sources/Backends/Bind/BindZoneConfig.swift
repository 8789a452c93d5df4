/// How a `bind` backend tells named about new zones (`zone_config`, `addzone_max`).
///
/// `rndc reconfig` costs named about 30 µs per configured zone whatever changed (2.8–3.6 s at
/// 100,000 zones); `rndc addzone` about 25 ms per zone whatever is loaded
/// (docs/benchmarks.md, "named at 100,000 zones"). So a few new zones among many are added one
/// by one, and a bulk batch goes into the include with one reconfig.
public struct BindZoneConfig: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// `rndc addzone` when it costs less than one reconfig (and at most `addzoneMax` zones).
        case auto
        /// Every zone in the include, one `rndc reconfig` per batch that changes the zone set.
        case include
        /// `rndc addzone` for a batch of at most `addzoneMax` new zones, however many are loaded.
        case addzone
    }

    public var mode: Mode
    /// Most new zones a batch adds by `rndc addzone`; 0: never.
    public var addzoneMax: Int
    /// `reconfig_pacing`: how reconfigs are spaced out while named holds many zones.
    public var pacing: ReconfigPacing

    /// Zones held per `rndc addzone` of the same cost as one reconfig: 25 ms ÷ 30 µs.
    public static let zonesPerAddzone = 833

    public enum Defaults {
        public static let mode = Mode.auto
        public static let addzoneMax = 100
    }

    public init(mode: Mode = Defaults.mode, addzoneMax: Int = Defaults.addzoneMax, pacing: ReconfigPacing = ReconfigPacing()) {
        self.mode = mode
        self.addzoneMax = addzoneMax
        self.pacing = pacing
    }

    /// Most new zones one batch adds by `rndc addzone` while named holds `zonesHeld` zones; a
    /// batch with more puts them all in the include.
    public func addzoneLimit(zonesHeld: Int) -> Int {
        switch mode {
        case .include: return 0
        case .addzone: return addzoneMax
        case .auto: return min(addzoneMax, zonesHeld / Self.zonesPerAddzone)
        }
    }
}
