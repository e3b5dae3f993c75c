//! SVG charts drawn from Rust: `LineChart` (axes, gridlines, a `<title>` tooltip per
//! time column, responsive viewBox) and `Sparkline` (a bare trend line for cards).
//! Times are shown relative to the chart's end so server and browser render the same.

use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 28.0;

/// One line: a name for tooltips/legend, a CSS class for its colour, and its points
/// (`None` breaks the line).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    pub name: &'static str,
    pub class: &'static str,
    pub points: Vec<(i64, Option<f64>)>,
}

/// "now", "45s", "12m", "3h", "2d" before `to`.
pub fn ago(secs: i64) -> String {
    match secs.max(0) {
        0 => "now".into(),
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// Smallest 1/2/5 × 10ⁿ at or above `v`.
pub fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|c| *c >= v * 0.999_999).unwrap_or(10.0 * mag)
}

fn fmt(v: f64, unit: &str) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}{unit}")
    } else {
        format!("{v:.1}{unit}")
    }
}

/// The `d` of a path through `points`, broken at `None` and at gaps wider than `gap`.
pub fn path(points: &[(f64, Option<f64>, i64)], gap: i64) -> String {
    let mut d = String::new();
    let mut last: Option<i64> = None;
    for &(x, y, at) in points {
        match y {
            None => last = None,
            Some(y) => {
                // A segment starts with a zero-length stroke so a lone point shows as a
                // dot (round line caps).
                if last.is_some_and(|l| at - l <= gap) {
                    d.push_str(&format!("L{x:.1},{y:.1}"));
                } else {
                    d.push_str(&format!("M{x:.1},{y:.1}l0,0"));
                }
                last = Some(at);
            }
        }
    }
    d
}

#[component]
pub fn LineChart(
    series: Vec<ChartSeries>,
    from: i64,
    to: i64,
    /// Fixed top of the y axis (100 for percentages); otherwise from the data.
    #[prop(optional)]
    y_max: Option<f64>,
    #[prop(into)] unit: String,
    #[prop(into)] label: String,
    /// Points further apart than this (seconds) are not joined.
    #[prop(optional)]
    gap: Option<i64>,
) -> impl IntoView {
    let span = (to - from).max(1) as f64;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let data_max = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1)).fold(0.0, f64::max);
    let top = y_max.unwrap_or_else(|| nice_ceiling(data_max * 1.1));
    let x = move |at: i64| LEFT + ((at - from) as f64 / span).clamp(0.0, 1.0) * pw;
    let y = move |v: f64| TOP + ph - (v / top).clamp(0.0, 1.0) * ph;
    let gap = gap.unwrap_or(span as i64 / 60);
    let grid = (0..=4).map(|i| {
        let v = top * f64::from(i) / 4.0;
        let yy = y(v);
        view! {
            <line class="chart-grid" x1=LEFT y1=yy x2=W - RIGHT y2=yy/>
            <text class="chart-label" x=LEFT - 6.0 y=yy + 4.0 text-anchor="end">{fmt(v, &unit)}</text>
        }
    }).collect_view();
    let ticks = (0..=5).map(|i| {
        let at = from + (to - from) * i / 5;
        let anchor = match i { 0 => "start", 5 => "end", _ => "middle" };
        view! {
            <line class="chart-axis" x1=x(at) y1=TOP + ph x2=x(at) y2=TOP + ph + 4.0/>
            <text class="chart-label" x=x(at) y=H - 6.0 text-anchor=anchor>{ago(to - at)}</text>
        }
    }).collect_view();
    let lines = series.iter().map(|s| {
        let pts: Vec<(f64, Option<f64>, i64)> = s.points.iter().map(|&(at, v)| (x(at), v.map(y), at)).collect();
        view! { <path class=format!("chart-line {}", s.class) d=path(&pts, gap)><title>{s.name}</title></path> }
    }).collect_view();
    // One hover column per time, with every series' value in its tooltip.
    let mut times: Vec<i64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
    times.sort_unstable();
    times.dedup();
    let col_w = if times.len() > 1 { pw / times.len() as f64 } else { pw };
    let unit_t = unit.clone();
    let columns = times.iter().map(|&at| {
        let text = series.iter().filter_map(|s| {
            let v = s.points.iter().find(|p| p.0 == at).and_then(|p| p.1)?;
            Some(format!("{} {}", s.name, fmt((v * 10.0).round() / 10.0, &unit_t)))
        }).collect::<Vec<_>>().join(", ");
        view! {
            <rect class="chart-hover" x=x(at) - col_w / 2.0 y=TOP width=col_w height=ph>
                <title>{format!("{} ago — {text}", ago(to - at))}</title>
            </rect>
        }
    }).collect_view();
    let legend = series.iter().map(|s| view! { <span class=format!("legend {}", s.class)>{s.name}</span> }).collect_view();
    let empty = series.iter().all(|s| s.points.iter().all(|p| p.1.is_none()));
    view! {
        <figure class="chart">
            <figcaption><strong>{label.clone()}</strong>{legend}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label class="chart-svg">
                {grid}
                <line class="chart-axis" x1=LEFT y1=TOP + ph x2=W - RIGHT y2=TOP + ph/>
                {ticks}
                {lines}
                {columns}
                {empty.then(|| view! { <text class="chart-empty" x=LEFT + pw / 2.0 y=TOP + ph / 2.0 text-anchor="middle">"No samples in this range yet"</text> })}
            </svg>
        </figure>
    }
}

/// A small trend line (no axes). `max` fixes the top (100 for percentages).
#[component]
pub fn Sparkline(
    values: Vec<Option<f64>>,
    #[prop(optional)] max: Option<f64>,
    #[prop(into)] label: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let (w, h) = (100.0, 28.0);
    let top = max.unwrap_or_else(|| nice_ceiling(values.iter().flatten().fold(0.0, |a: f64, b| a.max(*b))));
    let n = values.len().max(2) - 1;
    let pts: Vec<(f64, Option<f64>, i64)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 * w / n as f64, v.map(|v| h - 1.0 - (v / top).clamp(0.0, 1.0) * (h - 2.0)), i as i64))
        .collect();
    let aria = label.clone();
    view! {
        <svg class=format!("sparkline {class}") viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none" role="img" aria-label=aria>
            <title>{label}</title>
            <path d=path(&pts, 1) vector-effect="non-scaling-stroke"/>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.2), 5.0);
        assert_eq!(nice_ceiling(17.0), 20.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(ago(0), "now");
        assert_eq!(ago(3600), "60m");
        assert_eq!(ago(86_400), "24h");
        assert_eq!(ago(7 * 86_400), "7d");
        let pts = [(0.0, Some(1.0), 0), (1.0, Some(2.0), 15), (2.0, None, 30), (3.0, Some(3.0), 45), (4.0, Some(4.0), 200)];
        assert_eq!(path(&pts, 20), "M0.0,1.0l0,0L1.0,2.0M3.0,3.0l0,0M4.0,4.0l0,0");
    }
}
