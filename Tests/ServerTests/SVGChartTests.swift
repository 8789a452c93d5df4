@testable import Console
import Testing

/// The server-side SVG line charts of the console's Overview.
@Suite struct SVGChartTests {
    static func chart(_ series: [SVGChart.Series], totals: Bool = true) -> SVGChart {
        // 09:00 UTC, one value per minute.
        SVGChart(id: "test", title: "Test per minute", unit: "per minute", start: 32_400, step: 60, series: series, totals: totals)
    }

    @Test func valuesBecomePointsOnThePlotWithGapsRunsOfEqualValuesReducedToTheirEndsAndLoneValuesAsDashes() {
        // Plot: x from 56 to 708 (652 wide), y from 190 (0) up to 14 (the top of the scale, 5 here).
        let chart = Self.chart([.init(label: "pushes", values: [0, 2, 2, 2, nil, 4], cssClass: "series-pushes")])
        #expect(chart.pathData([0, 2, 2, 2, nil, 4], yMax: 5) == "M56,190 L186.4,119.6 L447.2,119.6 M706.5,49.2 h3")
        let svg = chart.render()
        #expect(svg.hasPrefix("<svg class=\"chart\" data-chart=\"test\" data-empty=\"false\" viewBox=\"0 0 720 260\""))
        #expect(svg.contains("<path class=\"series series-pushes\" data-series=\"pushes\" d=\"M56,190 L186.4,119.6 L447.2,119.6 M706.5,49.2 h3\"/>"))
        #expect(svg.contains("<title id=\"chart-test-title\">Test per minute</title>"))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"chart-test-title chart-test-desc\""))
        #expect(svg.contains("pushes: 10 in all, peak 4 per minute at 09:05 UTC"), "\(svg)")
        // The value axis at 0, half and the top; the time axis from the first to the last value.
        for label in [">0</text>", ">2.5</text>", ">5</text>", ">09:00</text>", ">09:05</text>"] { #expect(svg.contains(label), "\(label)") }
        #expect(!svg.contains("style="), "colours come from the stylesheet: the CSP forbids inline styles")
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func aDaysChartIsLabelledAtEveryWholeSixHoursUTC() {
        // From 12:03 one day to 12:02 the next: 18:00, 00:00, 06:00 and 12:00 fall inside.
        let start = 86_400.0 * 20_000 + 12 * 3600 + 180
        let chart = SVGChart(
            id: "day", title: "Day", unit: "per minute", start: start, step: 60,
            series: [.init(label: "pushes", values: [Double?](repeating: 1, count: 1440), cssClass: "series-pushes")])
        #expect(chart.timeMarks().map(\.index) == [357, 717, 1077, 1437])
        let svg = chart.render()
        for label in ["18:00", "00:00", "06:00", "12:00"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        #expect(!svg.contains(">12:03</text>"))
    }

    @Test func aLongIdleSeriesIsAFewPointsNotOnePerMinute() {
        var values = [Double?](repeating: 0, count: 1440)
        values[700] = 3
        let path = Self.chart([]).pathData(values, yMax: 5)
        #expect(path.split(separator: " ").count == 5, "\(path)")
    }

    @Test func withoutDataTheChartSaysSoAndDrawsNoLine() {
        for series in [[SVGChart.Series](), [.init(label: "p50", values: [nil, nil], cssClass: "series-p50")]] {
            let svg = Self.chart(series, totals: false).render()
            #expect(svg.contains("data-empty=\"true\""))
            #expect(!svg.contains("<path"))
            #expect(svg.contains(">No data yet</text>"))
            #expect(svg.contains("<desc id=\"chart-test-desc\">Test per minute: no data yet.</desc>"))
        }
    }

    @Test func theScaleEndsAtARoundNumberAndTextIsEscaped() {
        #expect([0, 1, 3, 7, 12, 0.3, 250, 1001].map(SVGChart.niceCeiling) == [1, 1, 5, 10, 20, 0.5, 500, 2000])
        #expect(SVGChart.number(2.5) == "2.5" && SVGChart.number(0.05) == "0.05" && SVGChart.number(12) == "12")
        let svg = Self.chart([.init(label: "a<b>&\"c\"", values: [1], cssClass: "series-0")]).render()
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&quot;") && !svg.contains("a<b>"))
    }
}
