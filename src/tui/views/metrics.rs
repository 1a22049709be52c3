//! The Metrics pane: one sparkline per series over the retained window, the
//! anomaly window (after a change point) in the anomaly colour, and the deploy
//! marker under the charts.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{bucket, clock, fit, pane_block, sparkline};
use crate::ingest::SignalKind;
use crate::tui::app::{Pane, State};
use crate::tui::theme::Theme;

const NAME_WIDTH: usize = 15;
const VALUE_WIDTH: usize = 16;

pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme, area: Rect) {
    let width = area.width.saturating_sub(2) as usize;
    let chart_width = width.saturating_sub(NAME_WIDTH + VALUE_WIDTH + 2).max(4);
    let engine = &state.engine;
    let mut lines = Vec::new();
    let (mut start_ms, mut end_ms) = (i64::MAX, i64::MIN);
    for series in engine.metrics() {
        if let (Some(first), Some(last)) = (series.points.first(), series.points.last()) {
            start_ms = start_ms.min(first.time_ms);
            end_ms = end_ms.max(last.time_ms);
        }
    }
    for series in engine.metrics() {
        let values: Vec<f64> = series.points.iter().map(|p| p.value).collect();
        let chart = sparkline(&values, chart_width);
        let change_ms = engine
            .signals()
            .iter()
            .find(|s| {
                s.kind == SignalKind::ChangePoint
                    && s.metric.as_deref() == Some(series.name.as_str())
            })
            .map(|s| s.time_ms);
        // The anomaly window opens at the change point, or earlier where the
        // series first crossed its configured warning threshold.
        let crossed_ms = series
            .warn_above
            .or(series.critical_above)
            .and_then(|limit| series.points.iter().find(|p| p.value > limit))
            .map(|p| p.time_ms);
        let change_ms = match (change_ms, crossed_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let split = match (change_ms, series.points.first(), series.points.last()) {
            (Some(at), Some(first), Some(last)) if last.time_ms > first.time_ms => {
                let cells = chart.chars().count();
                (((at - first.time_ms) as f64 / (last.time_ms - first.time_ms) as f64)
                    * cells as f64) as usize
            }
            _ => usize::MAX,
        };
        let normal: String = chart.chars().take(split).collect();
        let anomalous: String = chart.chars().skip(split).collect();
        let last = series.points.last().map(|p| p.value).unwrap_or(0.0);
        let trend = trend_mark(&values);
        // A configured threshold that the latest value crosses colours the
        // value and names the threshold.
        let (value_style, crossed) = match (series.critical_above, series.warn_above) {
            (Some(critical), _) if last > critical => {
                (theme.ui("anomaly"), format!(" >{}", format_value(critical)))
            }
            (_, Some(warn)) if last > warn => {
                (theme.ui("burst"), format!(" >{}", format_value(warn)))
            }
            _ => (theme.ui("text"), String::new()),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<NAME_WIDTH$}", fit(&series.name, NAME_WIDTH - 1)),
                theme.ui("text"),
            ),
            Span::styled(normal, theme.ui("sparkline")),
            Span::styled(anomalous, theme.ui("anomaly")),
            Span::styled(
                format!(
                    " {:>9} {:<4}{trend}{crossed}",
                    format_value(last),
                    fit(&series.unit, 4)
                ),
                value_style,
            ),
        ]));
    }
    if let Some(deploy) = engine.deploys().first() {
        if end_ms > start_ms && deploy.time_ms >= start_ms {
            let cells = bucket(
                &vec![0.0; ((end_ms - start_ms) / 10_000 + 1) as usize],
                chart_width,
            )
            .len();
            let at = (((deploy.time_ms - start_ms) as f64 / (end_ms - start_ms) as f64)
                * cells as f64) as usize;
            let marker = format!(
                "{}│deploy {} {}",
                " ".repeat(NAME_WIDTH + at.min(cells)),
                deploy.version,
                clock(deploy.time_ms)
            );
            lines.push(Line::from(Span::styled(
                fit(&marker, width),
                theme.ui("deploy"),
            )));
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "no metrics configured",
            theme.ui("muted"),
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(state, theme, Pane::Metrics, " Metrics ")),
        area,
    );
}

fn format_value(value: f64) -> String {
    if value.abs() >= 100.0 {
        super::status::group_thousands(value.round().max(0.0) as u64)
    } else {
        format!("{value:.1}")
    }
}

/// ▲ when the last quarter is well above the first half, ▼ when well below.
fn trend_mark(values: &[f64]) -> &'static str {
    if values.len() < 8 {
        return "";
    }
    let half = values.len() / 2;
    let early = values[..half].iter().sum::<f64>() / half as f64;
    let recent = values[values.len() * 3 / 4..].iter().sum::<f64>()
        / (values.len() - values.len() * 3 / 4) as f64;
    if recent > early * 1.5 + 1e-9 {
        " ▲"
    } else if recent < early / 1.5 {
        " ▼"
    } else {
        ""
    }
}
