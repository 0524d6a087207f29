//! The loop: waits on terminal input, worker events, signals, the frame deadline and a clock
//! tick (every second while a deploy counts time, every 30 s otherwise, for ages). It draws
//! only when state changed, at most ~60 times a second, and sleeps while nothing happens.

use std::io;
use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, MouseEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::Receiver;
use tokio::time::{Instant, sleep_until};

use crate::app::keymap::Keymap;
use crate::app::update::startup;
use crate::app::{Effect, Event, State, update};
use crate::shell::effects::{Done, Outside};
use crate::shell::terminal::Tui;
use crate::util::timefmt::now_epoch_ms;

const FRAME: Duration = Duration::from_millis(16);
const SIGHUP: i32 = 1;
/// Only from `kill` (or a launcher passing one on): in raw mode Ctrl-C is a key, not a signal.
const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// How the workbench ended: the user quit, or a signal (or a vanished terminal) ended it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    Signal(i32),
}

impl Ending {
    /// The exit status a shell expects: 0, or 128 + the signal.
    pub fn code(self) -> u8 {
        match self {
            Self::Quit => 0,
            Self::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
        }
    }
}
/// Worker events handled before drawing again, so a flood cannot starve input.
const MAX_BATCH: usize = 512;

pub async fn run(
    terminal: &mut Tui,
    mut state: State,
    keys: &Keymap,
    outside: &mut Outside,
    mut rx: Receiver<Event>,
) -> io::Result<Ending> {
    let mut input = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    let effects = startup(&mut state);
    apply(&mut state, keys, outside, effects);
    let mut last_draw: Option<Instant> = None;
    let mut next_tick = Instant::now() + state.tick_interval();
    let mut ending = Ending::Quit;
    while !state.quit {
        let now = Instant::now();
        let due = last_draw.map_or(now, |t| t + FRAME);
        if state.dirty && now >= due && ending == Ending::Quit {
            // A terminal that cannot be drawn on any more has gone: as good as a hang-up.
            if draw(terminal, &state, keys).is_err() {
                ending = Ending::Signal(SIGHUP);
                handle(&mut state, keys, outside, Event::Terminate);
                continue;
            }
            state.dirty = false;
            last_draw = Some(now);
        }
        let interval = state.tick_interval();
        if next_tick < now || next_tick > now + interval {
            next_tick = now + interval;
        }
        let event = tokio::select! {
            term = input.next() => match term {
                Some(Ok(ev)) => translate(ev),
                // The terminal went away (its window was closed).
                Some(Err(_)) | None => {
                    ending = Ending::Signal(SIGHUP);
                    Some(Event::Terminate)
                }
            },
            Some(ev) = rx.recv() => Some(ev),
            _ = sleep_until(due), if state.dirty => None,
            _ = sleep_until(next_tick) => {
                next_tick += interval;
                Some(Event::Tick)
            }
            _ = sigterm.recv() => {
                ending = Ending::Signal(SIGTERM);
                Some(Event::Terminate)
            }
            _ = sighup.recv() => {
                ending = Ending::Signal(SIGHUP);
                Some(Event::Terminate)
            }
            _ = sigint.recv() => {
                ending = Ending::Signal(SIGINT);
                Some(Event::Terminate)
            }
        };
        let Some(event) = event else { continue };
        handle(&mut state, keys, outside, event);
        for _ in 0..MAX_BATCH {
            match rx.try_recv() {
                Ok(ev) => handle(&mut state, keys, outside, ev),
                Err(_) => break,
            }
        }
        if let Some(job) = outside.editing.take() {
            // The editor reads the keyboard meanwhile: ampdeck's own reader must let go.
            drop(input);
            let workspace = state.ctx.workspace.clone();
            let editing = super::editor::edit(terminal, &workspace, job);
            tokio::pin!(editing);
            // Deploys and followers go on while the user edits; only drawing waits.
            let edited = loop {
                tokio::select! {
                    edited = &mut editing => break edited,
                    Some(ev) = rx.recv() => handle(&mut state, keys, outside, ev),
                }
            };
            input = EventStream::new();
            last_draw = None;
            handle(&mut state, keys, outside, edited);
        }
    }
    // The terminal is the user's again at once; children may take a moment to end.
    super::terminal::restore();
    outside.shutdown();
    Ok(ending)
}

fn handle(state: &mut State, keys: &Keymap, outside: &mut Outside, event: Event) {
    state.now = std::time::Instant::now();
    state.now_ms = now_epoch_ms();
    let effects = update(state, keys, event);
    apply(state, keys, outside, effects);
}

/// Runs a batch of effects in order; the answers of those answered at once are fed in as
/// events only after the whole batch ran, so no answer overtakes an effect asked before it.
fn apply(state: &mut State, keys: &Keymap, outside: &mut Outside, effects: Vec<Effect>) {
    let mut answers = Vec::new();
    for effect in effects {
        match outside.apply(effect) {
            Done::Nothing => {}
            Done::Quit => state.quit = true,
            Done::Event(event) => answers.push(event),
        }
    }
    for event in answers {
        handle(state, keys, outside, event);
    }
}

/// Terminal events that can change what is shown; pointer motion is dropped here so moving
/// the mouse never costs a frame.
fn translate(event: TermEvent) -> Option<Event> {
    match event {
        TermEvent::Key(key) => Some(Event::Key(key)),
        TermEvent::Mouse(m) if matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) => None,
        TermEvent::Mouse(m) => Some(Event::Mouse(m)),
        TermEvent::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

fn draw(terminal: &mut Tui, state: &State, keys: &Keymap) -> io::Result<()> {
    crossterm::execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    let result = terminal.draw(|frame| crate::ui::draw(state, keys, frame)).map(|_| ());
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    result
}
