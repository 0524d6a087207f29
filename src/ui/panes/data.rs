//! The Data pane: a line naming the models (the shown one marked) and how much is read, then
//! the shown model's records as a table with a column per stored field; cells a live change
//! touched are marked for a few seconds, deleted records struck through.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::panes::data::columns;
use crate::app::state::{PaneId, State};
use crate::domain::data::{Field, Model, plain};
use crate::model::data::rows::Row;
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::{age, parse_rfc3339_ms};

pub fn summary(state: &State) -> String {
    let data = &state.panes.data;
    let Some(table) = data.model() else { return String::new() };
    let loaded = data.rows.all.len();
    let read = match (data.loading && loaded == 0, data.next.is_some()) {
        (true, _) => "reading…".to_owned(),
        (false, true) if data.to_end => format!("reading to the end: {loaded} loaded · Esc stops"),
        (false, true) => format!("{loaded} loaded · more"),
        (false, false) => format!("{loaded} loaded · all"),
    };
    let changes = if data.changes == 1 { "1 change".to_owned() } else { format!("{} changes", data.changes) };
    let live = match (&data.watching, data.no_stream) {
        (None, _) => String::new(),
        (Some(_), true) => format!(" · polled · {changes}"),
        (Some(_), false) if data.live => format!(" · live · {changes}"),
        (Some(_), false) => " · connecting to its stream".to_owned(),
    };
    format!("{} · {read}{live}", table.model.name)
}

/// Widths by type: short ones fixed, text sharing what is left; what does not fit is
/// hidden. Full ids and times only while the text fields keep room enough beside them.
fn widths(model: &Model, width: usize) -> Vec<usize> {
    let fields: Vec<&Field> = model.stored().collect();
    let owner = model.owner_field.as_deref();
    let fixed = |f: &Field, wide: bool| match f.kind.as_str() {
        _ if Some(f.name.as_str()) == owner => Some(if wide { 40 } else { 16 }),
        "ID" => Some(if wide { 38 } else { 10 }),
        "Boolean" => Some(7),
        "Int" | "Float" | "AWSTimestamp" => Some(10),
        "AWSDateTime" => Some(if wide { 25 } else { 11 }),
        _ => None,
    };
    let flexible = fields.iter().filter(|f| fixed(f, false).is_none()).count().max(1);
    let share = |wide: bool| {
        let taken: usize = fields.iter().filter_map(|f| fixed(f, wide)).sum();
        width.saturating_sub(taken) / flexible
    };
    let wide = share(true) >= 30;
    let share = share(wide).max(10);
    let mut left = width;
    fields
        .iter()
        .map(|f| {
            let w = fixed(f, wide).unwrap_or(share).min(left);
            left -= w;
            if w < 4 { 0 } else { w }
        })
        .collect()
}

/// Whether the pane shows full times (see [`widths`]).
fn wide_times(model: &Model, width: usize) -> bool {
    model.stored().zip(widths(model, width)).any(|(f, w)| f.kind == "AWSDateTime" && w >= 25)
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    frame.render_widget(Paragraph::new(models_line(state)), Rect { height: 1, ..area });
    let rest = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let data = &state.panes.data;
    let Some(table) = data.model() else {
        frame.render_widget(Paragraph::new(empty_lines(state)), rest);
        return;
    };
    let model = &table.model;
    let names = columns(model);
    let sort = data.rows.sort.clone();
    let columns: Vec<Column> = names
        .iter()
        .zip(widths(model, usize::from(area.width)))
        .map(|(name, width)| {
            let arrow = match &sort {
                Some((c, false)) if c == name => " ↑",
                Some((c, true)) if c == name => " ↓",
                _ => "",
            };
            Column { title: format!("{name}{arrow}").into(), width }
        })
        .collect();
    let view = Table::of(state, PaneId::Data, columns, empty_lines(state));
    let wide = wide_times(model, usize::from(area.width));
    let row = |i: usize| data.rows.get(i).map(|r| cells(state, model, r, wide)).unwrap_or_default();
    view.draw(state, frame, rest, row, |i| detail(state, i));
}

fn models_line(state: &State) -> Line<'static> {
    let theme = state.theme();
    let data = &state.panes.data;
    let mut spans = Vec::new();
    for (i, t) in data.tables.iter().enumerate() {
        let style = if i == data.current {
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().fg(theme.muted)
        };
        spans.push(Span::styled(clean(&t.model.name), style));
        spans.push(Span::raw("  "));
    }
    if !data.filter.is_empty() {
        spans.push(Span::styled(format!("filter {}  ", clean(&data.filter)), Style::new().fg(theme.accent)));
    }
    if data.tables.len() > 1 {
        spans.push(Span::styled("m next model", Style::new().fg(theme.muted)));
    }
    Line::from(spans)
}

fn empty_lines(state: &State) -> Vec<Line<'static>> {
    let muted = Style::new().fg(state.theme().muted);
    let data = &state.panes.data;
    let mut lines = match data.model() {
        _ if state.stack.outputs.is_empty() => vec![Line::from(Span::styled(waiting(state), muted))],
        _ if data.source.uri.is_none() => vec![
            Line::from("This backend has no data: no defineData in amplify/data/resource.ts."),
            Line::from(Span::styled("After a deploy that adds models, their records show here.", muted)),
        ],
        None if data.schema_loading || !data.schema_read => {
            vec![Line::from(Span::styled("Reading the model schema…", muted))]
        }
        None => vec![Line::from("The schema defines no models.")],
        Some(_) if data.loading || (!data.complete && data.rows.all.is_empty()) => {
            vec![Line::from(Span::styled("Reading records…", muted))]
        }
        Some(t) if data.rows.filtered() && !data.rows.all.is_empty() => {
            let more = if data.next.is_some() { "; L reads the next page" } else { "" };
            vec![Line::from(format!("No loaded {} record matches the filter{more}.", clean(&t.model.name)))]
        }
        Some(t) => vec![
            Line::from(format!("No {} records.", clean(&t.model.name))),
            Line::from(Span::styled(
                "a adds one (in $VISUAL/$EDITOR); what the app writes appears here live.",
                muted,
            )),
        ],
    };
    if let Some(line) = problem_line(state) {
        lines.push(line);
    }
    lines
}

/// Before the environment's outputs are known, nothing can be said about its data.
pub fn waiting(state: &State) -> &'static str {
    if state.stack.missing {
        "This environment is not deployed yet: d deploys your sandbox."
    } else {
        "Reading the environment's outputs…"
    }
}

fn problem_line(state: &State) -> Option<Line<'static>> {
    let (what, problem) = state.panes.data.problem()?;
    let text = clean(&format!("✖ {what}: {} — {}", problem.message, problem.hint));
    Some(Line::from(Span::styled(text, Style::new().fg(state.theme().status_failed))))
}

fn detail(state: &State, i: usize) -> Option<Span<'static>> {
    if let Some(line) = problem_line(state) {
        return line.spans.into_iter().next();
    }
    let muted = Style::new().fg(state.theme().muted);
    let row = state.panes.data.rows.get(i)?;
    let text = if row.removed {
        format!("{} was deleted (seen live)", row.key)
    } else {
        format!("{} · Enter opens · e edits (straight to the table, past the API's auth rules)", row.key)
    };
    Some(Span::styled(clean(&text), muted))
}

fn cells(state: &State, model: &Model, row: &Row, wide: bool) -> Vec<Cell> {
    let theme = state.theme();
    let base =
        if row.removed { Style::new().fg(theme.muted).add_modifier(Modifier::CROSSED_OUT) } else { Style::new() };
    let mark = match (row.removed, row.new) {
        (true, _) => "✗ ",
        (false, true) => "+ ",
        _ => "",
    };
    model
        .stored()
        .enumerate()
        .map(|(i, f)| {
            let value = row.record.get(&f.name);
            let text = match value {
                Some(v) if f.kind == "AWSDateTime" && !wide => {
                    let at = v.as_str().and_then(parse_rfc3339_ms);
                    at.map_or_else(|| plain(v), |ms| age((state.now_ms - ms) / 1000))
                }
                Some(v) => plain(v),
                None => String::new(),
            };
            let style = if row.marked(&f.name, state.now_ms) {
                base.fg(theme.accent).add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                base
            };
            let text = if i == 0 { format!("{mark}{}", clean(&text)) } else { clean(&text) };
            (text, style)
        })
        .collect()
}
