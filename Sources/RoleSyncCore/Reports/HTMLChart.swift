/// Horizontal bar charts as inline SVG: no script and no library, so they show in any browser
/// and in the page's printed form. Each bar is labelled with its name and count, so the chart
/// reads without colour.
enum HTMLChart {
    static let rowHeight = 22
    static let labelWidth = 130
    static let barWidth = 190

    static func bars(title: String, id: String, bars: [(label: String, value: Int)]) -> String {
        let largest = max(1, bars.map(\.value).max() ?? 1)
        let height = max(1, bars.count) * rowHeight
        let width = labelWidth + barWidth + 60
        var shapes: [String] = []
        for (row, bar) in bars.enumerated() {
            let y = row * rowHeight
            let length = max(2, bar.value * barWidth / largest)
            shapes.append("<text x=\"0\" y=\"\(y + 15)\">\(HTMLText.escape(bar.label))</text>")
            shapes.append("<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"14\"><title>\(HTMLText.escape(bar.label)): \(bar.value)</title></rect>")
            shapes.append("<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\" data-bar=\"\(HTMLText.escape(bar.label))\">\(bar.value)</text>")
        }
        return """
            <figure id="\(HTMLText.escape(id))"><figcaption>\(HTMLText.escape(title))</figcaption>
            <svg role="img" aria-label="\(HTMLText.escape(title))" viewBox="0 0 \(width) \(height)" width="100%" style="max-width:\(width)px">\(shapes.joined())</svg></figure>
            """
    }
}
