//! Per-function figures from the REPORT lines Lambda writes after every invocation:
//! invocations, errors, cold starts, p50/p95 duration, peak memory.

use super::lambda::{Kind, Level, Report};

/// Durations kept for the percentiles: the recent ones are what a developer iterates on.
const WINDOW: usize = 1000;
/// Requests remembered as having erred, so a request's second error line is not a second error.
const ERRORED: usize = 64;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunctionStats {
    pub invocations: u64,
    /// Requests that logged an error (a line at error level without a request id counts
    /// alone): a failed request that writes two error lines is one error.
    pub errors: u64,
    /// The requests whose error was counted, the recent ones.
    errored: std::collections::VecDeque<String>,
    pub cold_starts: u64,
    pub max_memory_mb: u32,
    /// The recent durations in arrival order (to drop the oldest) and sorted (so drawing
    /// reads a percentile without sorting every frame).
    durations: std::collections::VecDeque<f64>,
    sorted: Vec<f64>,
    /// One of Amplify's own functions (custom-resource handlers, the table manager).
    pub internal: bool,
}

impl FunctionStats {
    pub fn record(&mut self, kind: Kind, level: Level, report: Option<&Report>, request: Option<&str>) {
        if level == Level::Error && request.is_none_or(|r| self.first_error_of(r)) {
            self.errors += 1;
        }
        let Some(report) = report.filter(|_| kind == Kind::Report) else { return };
        self.invocations += 1;
        self.cold_starts += u64::from(report.init_ms.is_some());
        self.max_memory_mb = self.max_memory_mb.max(report.max_memory_mb.unwrap_or(0));
        if self.durations.len() == WINDOW
            && let Some(oldest) = self.durations.pop_front()
        {
            let at = self.sorted.partition_point(|d| d.total_cmp(&oldest).is_lt());
            self.sorted.remove(at);
        }
        self.durations.push_back(report.duration_ms);
        let at = self.sorted.partition_point(|d| d.total_cmp(&report.duration_ms).is_le());
        self.sorted.insert(at, report.duration_ms);
    }

    /// Whether `request` has not had an error counted yet (remembering it).
    fn first_error_of(&mut self, request: &str) -> bool {
        if self.errored.iter().any(|r| r == request) {
            return false;
        }
        if self.errored.len() == ERRORED {
            self.errored.pop_front();
        }
        self.errored.push_back(request.to_owned());
        true
    }

    /// The duration under which `p` (0–100) percent of the recent invocations finished.
    pub fn percentile(&self, p: f64) -> Option<f64> {
        let sorted = &self.sorted;
        if sorted.is_empty() {
            return None;
        }
        // Nearest rank: the smallest duration at least `p` percent of them do not exceed.
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(duration_ms: f64, init_ms: Option<f64>, memory: u32) -> Report {
        Report { duration_ms, init_ms, max_memory_mb: Some(memory), ..Report::default() }
    }

    #[test]
    fn invocations_cold_starts_percentiles_and_memory() {
        let mut s = FunctionStats::default();
        s.record(Kind::Report, Level::Platform, Some(&report(200.0, Some(300.0), 80)), None);
        for i in 1..=99 {
            s.record(Kind::Report, Level::Platform, Some(&report(f64::from(i), None, 70)), None);
        }
        s.record(Kind::Runtime, Level::Error, None, None);
        assert_eq!((s.invocations, s.cold_starts, s.errors, s.max_memory_mb), (100, 1, 1, 80));
        assert_eq!(s.percentile(50.0), Some(50.0));
        assert_eq!(s.percentile(95.0), Some(95.0));
        assert_eq!(FunctionStats::default().percentile(50.0), None);
    }

    #[test]
    fn a_request_that_logs_two_errors_is_one_error() {
        let mut s = FunctionStats::default();
        for request in ["r1", "r1", "r2", "r2"] {
            s.record(Kind::Json, Level::Error, None, Some(request));
        }
        s.record(Kind::Plain, Level::Error, None, None);
        assert_eq!(s.errors, 3, "two requests and a line of no request");
    }

    #[test]
    fn only_the_recent_window_counts() {
        let mut s = FunctionStats::default();
        for _ in 0..WINDOW {
            s.record(Kind::Report, Level::Platform, Some(&report(1000.0, None, 1)), None);
        }
        for _ in 0..WINDOW {
            s.record(Kind::Report, Level::Platform, Some(&report(2.0, None, 1)), None);
        }
        assert_eq!((s.percentile(50.0), s.percentile(100.0)), (Some(2.0), Some(2.0)), "the slow ones aged out");
    }
}
