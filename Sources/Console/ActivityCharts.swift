import Engine

/// The Overview's three charts from `/api/activity`'s document: pushes per minute, zones applied
/// per minute per backend (and failed attempts over all backends), and push-to-applied latency.
enum ActivityCharts {
    static func charts(_ activity: ActivityDocument) -> [SVGChart] {
        let start = activity.start, step = Double(activity.stepSeconds)
        let failed = activity.backends.reduce([Int](repeating: 0, count: activity.minutes)) { sums, backend in
            zip(sums, backend.failed).map(+)
        }
        func counts(_ values: [Int]) -> [Double?] { values.map { Double($0) } }
        return [
            SVGChart(
                id: "pushes", title: "Pushes per minute, last 24 hours", unit: "per minute", start: start, step: step,
                series: [.init(label: "pushes", values: counts(activity.pushes), cssClass: "series-pushes")]),
            SVGChart(
                id: "applies", title: "Zones applied per minute, last 24 hours", unit: "per minute", start: start, step: step,
                series: activity.backends.enumerated().map { index, backend in
                    .init(label: "\(backend.name) applied", values: counts(backend.applied), cssClass: "series-backend-\(index % 6)")
                } + [.init(label: "failed", values: counts(failed), cssClass: "series-failed")]),
            SVGChart(
                id: "latency", title: "Push-to-applied latency (seconds), last 24 hours", unit: "s", start: start, step: step,
                series: [
                    .init(label: "median", values: activity.latency.p50, cssClass: "series-p50"),
                    .init(label: "95th percentile", values: activity.latency.p95, cssClass: "series-p95"),
                    .init(label: "max", values: activity.latency.max, cssClass: "series-max"),
                ], totals: false),
        ]
    }

    /// The template's data: each chart's markup (already escaped) under `svg`.
    static func templateData(_ activity: ActivityDocument) -> [[String: Any]] {
        charts(activity).map { ["id": $0.id, "svg": $0.render()] }
    }
}
