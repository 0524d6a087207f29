//! Every message since ampdeck started, kept whole with its time, level and source, like
//! lazygit's command log: the status bar shows one for a moment, the message log keeps them.
//! A notice fades after its level's lifetime; a problem of a source is shown while it stands
//! (the source's worker withdraws it when it recovers) and is logged when it starts and ends.

use std::collections::VecDeque;

use crate::domain::health::{Problem, Source};
use crate::domain::notice::{Notice, NoticeLevel};
use crate::domain::secret::SecretText;

/// At most this many messages are kept; the oldest go first.
pub const KEEP: usize = 1_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub at_ms: i64,
    pub level: NoticeLevel,
    pub text: String,
    /// The source whose problem it tells of (a worker's, or a pane's failure notice).
    pub source: Option<Source>,
    /// A secret that was copied (an ID token), shown only when the user reveals it.
    pub secret: Option<SecretText>,
}

#[derive(Debug, Clone, Default)]
pub struct Messages {
    log: VecDeque<Message>,
    /// The notice logged last, to tell a new one from the one still shown.
    last_notice: Option<Notice>,
    /// When the notice shown was first shown, and its level: it fades by that.
    shown: Option<(i64, NoticeLevel)>,
}

/// How long a notice of `level` stays in the status bar: long enough to read, short enough
/// that the focused pane's keys come back.
pub fn lifetime_ms(level: NoticeLevel) -> i64 {
    match level {
        NoticeLevel::Info => 5_000,
        NoticeLevel::Warn => 10_000,
        NoticeLevel::Error => 20_000,
    }
}

impl Messages {
    /// Logs `notice` if it is not the one logged last (a notice set again while shown is the
    /// same message).
    pub fn observe(&mut self, notice: Option<&Notice>, now_ms: i64) {
        let Some(notice) = notice else {
            self.last_notice = None;
            return;
        };
        if self.last_notice.as_ref() == Some(notice) {
            return;
        }
        self.last_notice = Some(notice.clone());
        self.shown = Some((now_ms, notice.level));
        self.push(Message {
            at_ms: now_ms,
            level: notice.level,
            text: notice.text.clone(),
            source: notice.source,
            secret: None,
        });
    }

    /// Whether the notice shown has been shown for its whole lifetime.
    pub fn faded(&self, now_ms: i64) -> bool {
        self.shown.is_some_and(|(at_ms, level)| now_ms - at_ms >= lifetime_ms(level))
    }

    /// A source's problem started (or changed).
    pub fn problem(&mut self, problem: &Problem, now_ms: i64) {
        let level = NoticeLevel::Error;
        let text = format!("{} — {}", problem.line(), problem.hint);
        let same = self.log.iter().rev().find(|m| m.source == Some(problem.source)).is_some_and(|m| m.text == text);
        if !same {
            self.push(Message { at_ms: now_ms, level, text, source: Some(problem.source), secret: None });
        }
    }

    /// A source got over its problem.
    pub fn recovered(&mut self, source: Source, now_ms: i64) {
        let text = format!("{}: recovered", source.label());
        self.push(Message { at_ms: now_ms, level: NoticeLevel::Info, text, source: Some(source), secret: None });
    }

    /// Something went to the clipboard: `line` says what (a secret masked), `secret` keeps
    /// the secret for the log to reveal. The notice saying it is this same message.
    pub fn copied(&mut self, line: &str, secret: Option<SecretText>, now_ms: i64) {
        let notice = Notice::info(line);
        self.last_notice = Some(notice);
        self.shown = Some((now_ms, NoticeLevel::Info));
        self.push(Message { at_ms: now_ms, level: NoticeLevel::Info, text: line.to_owned(), source: None, secret });
    }

    fn push(&mut self, message: Message) {
        if self.log.len() == KEEP {
            self.log.pop_front();
        }
        self.log.push_back(message);
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Message> {
        self.log.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.log.len()
    }

    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health::ProblemKind;

    #[test]
    fn information_fades_sooner_than_a_warning_and_a_warning_sooner_than_an_error() {
        for (notice, lifetime) in
            [(Notice::info("i"), 5_000), (Notice::warn("w"), 10_000), (Notice::error("e"), 20_000)]
        {
            let mut messages = Messages::default();
            messages.observe(Some(&notice), 1_000);
            assert!(!messages.faded(1_000 + lifetime - 1), "{notice:?} still shown");
            assert!(messages.faded(1_000 + lifetime), "{notice:?} faded");
        }
    }

    #[test]
    fn a_notice_is_logged_once_while_shown_and_again_when_it_comes_back() {
        let mut messages = Messages::default();
        let notice = Notice::info("deploy queued");
        messages.observe(Some(&notice), 0);
        messages.observe(Some(&notice), 10);
        assert_eq!(messages.len(), 1);
        messages.observe(None, 6_000);
        messages.observe(Some(&notice), 7_000);
        assert_eq!(messages.len(), 2);
        assert_eq!(messages.newest_first().next().map(|m| m.at_ms), Some(7_000));
    }

    #[test]
    fn a_problem_is_logged_when_it_starts_and_when_it_ends_not_on_each_retry() {
        let mut messages = Messages::default();
        let problem = Problem {
            source: Source::Data,
            kind: ProblemKind::Throttled,
            message: "ThrottlingException".into(),
            hint: "wait".into(),
        };
        messages.problem(&problem, 0);
        messages.problem(&problem, 700);
        messages.recovered(Source::Data, 1_400);
        let texts: Vec<_> = messages.newest_first().map(|m| m.text.clone()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].ends_with("recovered") && texts[1].contains("ThrottlingException"), "{texts:?}");
        assert!(!messages.faded(100_000), "problems do not fade: no notice is shown");
    }

    #[test]
    fn the_log_is_bounded() {
        let mut messages = Messages::default();
        for i in 0..KEEP + 10 {
            messages.observe(Some(&Notice::info(format!("n{i}"))), i as i64);
        }
        assert_eq!(messages.len(), KEEP);
        assert_eq!(messages.newest_first().last().map(|m| m.text.as_str()), Some("n10"));
    }
}
