//! The Timeline pane: two header lines (which deploy, how its kind compares), then phases and
//! stacks as bars on one time axis, what it waits on, its slowest resources and why it was not
//! a hotswap. Only the visible rows are drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::panes::timeline::{Row, Shown, compare, rows, shown};
use crate::app::state::{PaneId, State};
use crate::model::theme::Theme;
use crate::ui::status_style;
use crate::ui::text::{list_area, truncate, window};
use crate::util::timefmt::{age, elapsed};

pub fn summary(state: &State) -> String {
    match shown(state) {
        Some(d) if d.live.is_some() => format!("#{} live", d.id),
        Some(d) => format!("#{}", d.id),
        None => String::new(),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let Some(d) = shown(state) else {
        let text = vec![
            Line::from("No deploy to show."),
            Line::from(Span::styled("Deploy (d), or pick one in the History pane.", muted)),
        ];
        frame.render_widget(Paragraph::new(text), area);
        return;
    };
    let width = usize::from(area.width);
    let header = vec![
        Line::from(Span::styled(truncate(&title(state, &d), width), Style::new().add_modifier(Modifier::BOLD))),
        Line::from(Span::styled(truncate(&compare(state, &d), width), muted)),
    ];
    frame.render_widget(Paragraph::new(header), Rect { height: 2.min(area.height), ..area });
    let list = list_area(area, 2, 0);
    let all = rows(&d);
    let view = state.view(PaneId::Timeline);
    let visible = window(all.len(), usize::from(list.height), view.offset, view.selected);
    let axis = Axis::new(&d, &all, width);
    let focused = state.focus == PaneId::Timeline;
    let lines: Vec<Line> = visible
        .clone()
        .map(|i| {
            let line = row(&all[i], &axis, theme, width, d.total_ms);
            if focused && i == view.selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// `#7 ● running · full · 41s` or `#7 ✔ full, express · 55.4s · 3m ago`.
fn title(state: &State, d: &Shown) -> String {
    let kind = d.kind.map(|k| k.label()).unwrap_or("kind not known yet");
    let express = if d.express { ", express" } else { "" };
    let took = elapsed(std::time::Duration::from_millis(d.total_ms));
    match d.record {
        None => format!("#{} ● running · {kind}{express} · {took}", d.id),
        Some(r) => {
            let mark = match r.result {
                crate::model::history::Result::Succeeded => "✔",
                crate::model::history::Result::Failed => "✖",
                crate::model::history::Result::Cancelled => "■",
            };
            let ago = match age((state.now_ms - r.started_ms) / 1000) {
                now if now == "now" => "just now".to_owned(),
                age => format!("{age} ago"),
            };
            format!("#{} {mark} {kind}{express} · {took} · started {ago} · {}", d.id, r.trigger)
        }
    }
}

/// One time axis for the phases and the stacks: label, bar, figures.
struct Axis {
    label: usize,
    bar: usize,
    end_ms: u64,
}

impl Axis {
    fn new(d: &Shown, rows: &[Row], width: usize) -> Self {
        let stacks = rows.iter().filter_map(|r| if let Row::Stack(s) = r { Some(s.end_ms) } else { None });
        let end_ms = stacks.chain(std::iter::once(d.total_ms)).max().unwrap_or(0).max(1);
        let label = (width / 4).clamp(10, 26);
        Self { label, bar: width.saturating_sub(label + 16), end_ms }
    }

    /// `start..end` as cells of the bar; at least one.
    fn cells(&self, start_ms: u64, end_ms: u64) -> (usize, usize) {
        let at = |ms: u64| (u128::from(ms.min(self.end_ms)) * self.bar as u128 / u128::from(self.end_ms)) as usize;
        let from = at(start_ms).min(self.bar.saturating_sub(1));
        (from, at(end_ms).max(from + 1).min(self.bar))
    }

    fn bar<'a>(&self, start_ms: u64, end_ms: u64, style: Style, open: bool) -> Vec<Span<'a>> {
        let (from, to) = self.cells(start_ms, end_ms);
        let fill = if open { "▒" } else { "█" };
        vec![Span::raw(" ".repeat(from)), Span::styled(fill.repeat(to - from), style), Span::raw(" ".repeat(self.bar - to))]
    }

    fn label<'a>(&self, text: &str, indent: usize) -> Span<'a> {
        let text = format!("{}{text}", "  ".repeat(indent));
        Span::raw(format!("{:<w$} ", truncate(&text, self.label), w = self.label))
    }
}

fn seconds(ms: u64) -> String {
    elapsed(std::time::Duration::from_millis(ms))
}

/// `now_ms`: how long the deploy has run.
fn row<'a>(row: &Row, axis: &Axis, theme: &Theme, width: usize, now_ms: u64) -> Line<'a> {
    let muted = Style::new().fg(theme.muted);
    match row {
        Row::Section(title) => Line::from(Span::styled(truncate(title, width), Style::new().fg(theme.accent).add_modifier(Modifier::BOLD))),
        Row::Note(text) => Line::from(Span::styled(truncate(&format!("  {text}"), width), muted)),
        Row::Phase { label, start_ms, end_ms } => {
            let mut spans = vec![axis.label(label, 1)];
            spans.extend(axis.bar(*start_ms, *end_ms, Style::new().fg(theme.gauge_done), false));
            spans.push(Span::styled(format!(" {:>7}       ", seconds(end_ms - start_ms)), muted));
            Line::from(spans)
        }
        Row::Stack(stack) => {
            let open = stack.done < stack.total || stack.status.ends_with("_IN_PROGRESS");
            let style = if stack.status.is_empty() { Style::new().fg(theme.status_in_progress) } else { status_style(theme, &stack.status) };
            let mut spans = vec![axis.label(&stack.name, 1 + usize::from(stack.depth))];
            spans.extend(axis.bar(stack.start_ms, stack.end_ms, style, open));
            spans.push(Span::styled(format!(" {:>7} ", seconds(stack.end_ms - stack.start_ms)), muted));
            spans.push(Span::raw(format!("{:>5}", format!("{}/{}", stack.done, stack.total))));
            Line::from(spans)
        }
        Row::Waiting(w) => {
            let kind = w.resource_type.strip_prefix("AWS::").unwrap_or(w.resource_type);
            let text = format!("● {} {kind} · {} · {}", w.logical_id, w.stack, w.status);
            let since = format!("  {:>7}  ", seconds(now_ms.saturating_sub(w.since_ms)));
            Line::from(vec![Span::styled(since, Style::new().fg(theme.status_in_progress)), Span::raw(truncate(&text, width.saturating_sub(11)))])
        }
        Row::Slow(r) => {
            let kind = r.resource_type.strip_prefix("AWS::").unwrap_or(&r.resource_type);
            let text = format!("{} {kind} · {}", r.logical_id, r.stack);
            Line::from(vec![
                Span::styled(format!("  {:>7}  ", seconds(r.ms)), status_style(theme, &r.status)),
                Span::raw(truncate(&text, width.saturating_sub(11))),
            ])
        }
        Row::Reason(r) => Line::from(Span::styled(truncate(&format!("  {}", r.summary()), width), Style::new().fg(theme.log_warn))),
    }
}
