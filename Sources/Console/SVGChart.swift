import Foundation

/// A line chart over time as inline SVG markup, drawn on the server: one path per series, a grid
/// with the value axis labelled at 0, half and top, the time axis at whole 6 hours (UTC), a legend, and a
/// `<title>` and `<desc>` (the peaks in words) for screen readers. It scales with its container
/// (`viewBox`; the stylesheet makes it 100% wide) and carries no style attribute: every colour
/// comes from the console's stylesheet through the series' classes.
struct SVGChart {
    /// One line: a value per step, nil where there is none (the line breaks there).
    struct Series {
        var label: String
        var values: [Double?]
        /// Its class in the stylesheet (`series-pushes`, …).
        var cssClass: String
    }

    /// `id` names the chart in ids and `data-chart` (letters, digits and hyphens); `unit` is the
    /// values' unit in the description (`per minute`, `s`).
    var id: String, title: String, unit: String
    /// The time of the first value and the seconds between values.
    var start: Double, step: Double
    var series: [Series]
    /// Whether the description says each series' sum (counts: yes; latencies: no).
    var totals = true

    static let width = 720.0, height = 260.0
    static let left = 56.0, right = 12.0, top = 14.0, plotBottom = 190.0

    /// How many values the longest series holds.
    var length: Int { series.map(\.values.count).max() ?? 0 }
    /// Whether there is no value to draw at all.
    var isEmpty: Bool { series.allSatisfy { $0.values.allSatisfy { $0 == nil } } }

    func render() -> String {
        let yMax = Self.niceCeiling(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0)
        var svg = """
            <svg class="chart" data-chart="\(Self.escape(id))" data-empty="\(isEmpty)" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" \
            role="img" aria-labelledby="chart-\(Self.escape(id))-title chart-\(Self.escape(id))-desc" preserveAspectRatio="xMidYMid meet">
            <title id="chart-\(Self.escape(id))-title">\(Self.escape(title))</title>
            <desc id="chart-\(Self.escape(id))-desc">\(Self.escape(description))</desc>

            """
        svg += grid(yMax: yMax)
        if isEmpty {
            svg += "<text class=\"chart-empty\" x=\"\(Self.number((Self.left + Self.width - Self.right) / 2))\" y=\"\(Self.number(Self.plotBottom / 2))\" text-anchor=\"middle\">No data yet</text>\n"
        }
        for line in series {
            let path = pathData(line.values, yMax: yMax)
            guard !path.isEmpty else { continue }
            svg += "<path class=\"series \(Self.escape(line.cssClass))\" data-series=\"\(Self.escape(line.label))\" d=\"\(path)\"/>\n"
        }
        svg += legend()
        return svg + "</svg>"
    }

    // MARK: - Geometry

    var plotWidth: Double { Self.width - Self.left - Self.right }
    var plotHeight: Double { Self.plotBottom - Self.top }

    func x(_ index: Int) -> Double {
        Self.left + plotWidth * (length > 1 ? Double(index) / Double(length - 1) : 0.5)
    }

    func y(_ value: Double, yMax: Double) -> Double {
        Self.top + plotHeight * (1 - min(max(value, 0), yMax) / yMax)
    }

    /// `M x,y L x,y …`, a new `M` after each gap; of a run of equal values only its ends, so an
    /// idle day is a few points rather than 1,440; a value alone between gaps a 3-unit dash.
    func pathData(_ values: [Double?], yMax: Double) -> String {
        var commands: [String] = []
        var drawing = false
        for (index, value) in values.enumerated() {
            guard let value else {
                drawing = false
                continue
            }
            let previous = index > 0 ? values[index - 1] : nil
            let next = index + 1 < values.count ? values[index + 1] : nil
            if previous == nil && next == nil {
                // A value alone between gaps (one minute's latency): a short dash, or nothing would show.
                commands.append("M\(Self.number(x(index) - 1.5)),\(Self.number(y(value, yMax: yMax))) h3")
                drawing = false
                continue
            }
            let runEnd = previous == nil || next == nil || previous != value || next != value
            guard runEnd else { continue }
            commands.append("\(drawing ? "L" : "M")\(Self.number(x(index))),\(Self.number(y(value, yMax: yMax)))")
            drawing = true
        }
        return commands.joined(separator: " ")
    }

    func grid(yMax: Double) -> String {
        let marks = timeMarks()
        var lines = "<g class=\"grid\">\n"
        for fraction in [0.0, 0.5, 1.0] {
            let level = Self.number(y(yMax * fraction, yMax: yMax))
            lines += "<line x1=\"\(Self.number(Self.left))\" y1=\"\(level)\" x2=\"\(Self.number(Self.width - Self.right))\" y2=\"\(level)\"/>\n"
        }
        for mark in marks.map(\.index) where mark > 0 && mark < length - 1 {
            let at = Self.number(x(mark))
            lines += "<line x1=\"\(at)\" y1=\"\(Self.number(Self.top))\" x2=\"\(at)\" y2=\"\(Self.number(Self.plotBottom))\"/>\n"
        }
        lines += "</g>\n<g class=\"axis\">\n"
        for fraction in [0.0, 0.5, 1.0] {
            let level = Self.number(y(yMax * fraction, yMax: yMax) + 4)
            lines += "<text x=\"\(Self.number(Self.left - 6))\" y=\"\(level)\" text-anchor=\"end\">\(Self.number(yMax * fraction))</text>\n"
        }
        for mark in marks {
            lines += "<text x=\"\(Self.number(x(mark.index)))\" y=\"\(Self.number(Self.plotBottom + 24))\" text-anchor=\"\(mark.anchor)\">"
                + "\(Self.clock(start + Double(mark.index) * step))</text>\n"
        }
        return lines + "</g>\n"
    }

    /// Where the time axis is labelled: at every whole 6 hours (UTC) the values cover, when
    /// there are two or more (a day's chart: four); otherwise at the ends and quarters.
    func timeMarks() -> [(index: Int, anchor: String)] {
        guard length > 0 else { return [] }
        let sixHours = 6 * 3600.0
        let whole = (0..<length).filter { index in
            let time = start + Double(index) * step
            return time.truncatingRemainder(dividingBy: sixHours) == 0
        }
        // Near an edge a centred label would stick out of the chart.
        func anchor(_ index: Int) -> String {
            x(index) < Self.left + 30 ? "start" : x(index) > Self.width - Self.right - 30 ? "end" : "middle"
        }
        if whole.count >= 2 { return whole.map { ($0, anchor($0)) } }
        return (0...4).map { quarter in
            let index = (length - 1) * quarter / 4
            return (index, anchor(index))
        }
    }

    func legend() -> String {
        var items = "<g class=\"legend\">\n"
        var offset = Self.left
        for line in series {
            let y = Self.number(Self.height - 12)
            items += "<line class=\"series \(Self.escape(line.cssClass))\" x1=\"\(Self.number(offset))\" y1=\"\(Self.number(Self.height - 18))\" "
                + "x2=\"\(Self.number(offset + 18))\" y2=\"\(Self.number(Self.height - 18))\"/>"
                + "<text x=\"\(Self.number(offset + 24))\" y=\"\(y)\">\(Self.escape(line.label))</text>\n"
            offset += 40 + Double(line.label.count) * 11
        }
        return items + "</g>\n"
    }

    /// The peaks in words: `pushes: 12 in all, peak 5 pushes per minute at 10:31 UTC`.
    var description: String {
        guard !isEmpty else { return "\(title): no data yet." }
        let parts = series.map { line -> String in
            let values = line.values.compactMap { $0 }
            guard let peak = values.max(), let at = line.values.firstIndex(where: { $0 == peak }) else { return "\(line.label): none" }
            let sum = totals ? "\(Self.number(values.reduce(0, +))) in all, " : ""
            return "\(line.label): \(sum)peak \(Self.number(peak)) \(unit) at \(Self.clock(start + Double(at) * step)) UTC"
        }
        return "\(title). " + parts.joined(separator: "; ") + "."
    }

    // MARK: - Text

    /// The smallest of 1, 2, 5 × 10ⁿ at or above `value` (1 for nothing above 0).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= value * (1 - 1e-9) { return factor * magnitude }
        return 10 * magnitude
    }

    /// `12`, `2.5`, `0.05`: at most two decimals, none when whole.
    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `09:30` (UTC).
    static func clock(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded(.down))
        let ofDay = ((minutes % 1440) + 1440) % 1440
        return String(format: "%02d:%02d", ofDay / 60, ofDay % 60)
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
