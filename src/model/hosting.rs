//! What the Builds pane knows of Amplify Hosting, and the rules it shows them by: which
//! branches are pull-request previews, where a branch is served, which variable wins, which
//! lines of a build log are the failing ones.

use crate::domain::hosting::{App, Branch, Job, Step, Variables};

/// A pull-request preview's number: Amplify names the branches it makes for pull requests
/// `pr-<n>` and gives them the PULL_REQUEST stage.
pub fn preview_number(branch: &Branch) -> Option<u32> {
    let preview = branch.stage == "PULL_REQUEST" || branch.source_branch.is_some();
    preview.then(|| branch.name.strip_prefix("pr-").and_then(|n| n.parse().ok()).unwrap_or(0))
}

/// Where Amplify serves the branch: its custom domain when one is verified for it, else
/// [`default_url`].
pub fn url(app: &App, branch: &Branch) -> String {
    match app.domains.iter().find(|d| d.branch == branch.name) {
        Some(custom) => format!("https://{}", custom.host),
        None => default_url(app, branch),
    }
}

/// `https://<display name>.<app's default domain>` (the display name is the branch name with
/// `/` made `-` unless it was set): it keeps working beside a custom domain.
pub fn default_url(app: &App, branch: &Branch) -> String {
    let host = if branch.display_name.is_empty() { branch.name.replace('/', "-") } else { branch.display_name.clone() };
    format!("https://{host}.{}", app.default_domain)
}

/// Where a variable a branch builds with comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    App,
    Branch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    pub name: String,
    pub value: String,
    pub from: From,
    /// The app's value the branch's replaces.
    pub shadows: Option<String>,
}

/// The variables a branch's next build sees: the app's, with the branch's own winning.
pub fn effective(app: &Variables, branch: &Variables) -> Vec<Effective> {
    let mut all: Vec<Effective> = app
        .0
        .iter()
        .map(|(name, value)| Effective { name: name.clone(), value: value.clone(), from: From::App, shadows: None })
        .collect();
    for (name, value) in &branch.0 {
        let own = Effective { name: name.clone(), value: value.clone(), from: From::Branch, shadows: None };
        match all.iter_mut().find(|e| &e.name == name) {
            Some(existing) => *existing = Effective { shadows: Some(existing.value.clone()), ..own },
            None => all.push(own),
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// `variables` with `name` set to `value`, or without it when `value` is `None`: what
/// UpdateApp/UpdateBranch is given.
pub fn with_variable(variables: &Variables, name: &str, value: Option<&str>) -> Variables {
    let mut all = variables.0.clone();
    match (all.iter().position(|(n, _)| n == name), value) {
        (Some(at), Some(value)) => all[at].1 = value.to_owned(),
        (None, Some(value)) => all.push((name.to_owned(), value.to_owned())),
        (Some(at), None) => {
            all.remove(at);
        }
        (None, None) => {}
    }
    Variables(all)
}

/// Words a failing build line says (npm, tsc, the Amplify build image, amplify's backend step).
const FAILING: &[&str] = &["error", "err!", "failed", "failure", "cannot find", "not found", "exception"];

/// The lines of a build log that say what failed.
pub fn failing_lines(lines: &[String]) -> Vec<usize> {
    // The build image tags its lines; a warning ("Unable to write cache: Request failed")
    // is not what failed, even when it says so.
    let failing = |line: &String| {
        let line = line.to_ascii_lowercase();
        !line.contains("[warning]") && (FAILING.iter().any(|w| line.contains(w)) || nonzero_exit(&line))
    };
    lines.iter().enumerate().filter(|(_, l)| failing(l)).map(|(i, _)| i).collect()
}

fn nonzero_exit(line: &str) -> bool {
    ["exit code ", "exit code: ", "exited with code ", "exited with code: ", "exit status "].iter().any(|p| {
        line.match_indices(p)
            .any(|(i, _)| line[i + p.len()..].chars().next().is_some_and(|c| c.is_ascii_digit() && c != '0'))
    })
}

/// A step's log as the pane shows it: sanitized lines, the failing ones found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    pub job_id: String,
    pub step: String,
    pub lines: Vec<String>,
    pub failing: Vec<usize>,
    pub truncated: bool,
    /// What `/` searches for (case-insensitive); the lines shown are those containing it.
    pub filter: String,
    pub shown: Vec<usize>,
}

impl Log {
    pub fn new(job_id: String, step: String, text: &str, truncated: bool) -> Self {
        let lines: Vec<String> = text.lines().map(crate::util::sanitize::owned).collect();
        let failing = failing_lines(&lines);
        let shown = (0..lines.len()).collect();
        Self { job_id, step, lines, failing, truncated, filter: String::new(), shown }
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_owned();
        let needle = text.to_lowercase();
        let keep = |l: &String| needle.is_empty() || l.to_lowercase().contains(&needle);
        self.shown = self.lines.iter().enumerate().filter(|(_, l)| keep(l)).map(|(i, _)| i).collect();
    }

    /// The row (among those shown) of the first failing line after `row`, wrapping around.
    pub fn next_failing(&self, row: usize) -> Option<usize> {
        (row + 1..self.shown.len()).chain(0..=row.min(self.shown.len().saturating_sub(1))).find(|r| self.failing_at(*r))
    }

    /// The failing line before `row`, around to the last.
    pub fn previous_failing(&self, row: usize) -> Option<usize> {
        (0..row.min(self.shown.len())).rev().chain((row..self.shown.len()).rev()).find(|r| self.failing_at(*r))
    }

    fn failing_at(&self, row: usize) -> bool {
        self.shown.get(row).is_some_and(|i| self.failing.binary_search(i).is_ok())
    }
}

/// The failed step of a job, or its last.
pub fn failed_step(steps: &[Step]) -> Option<&Step> {
    steps.iter().find(|s| s.status == crate::domain::hosting::JobStatus::Failed).or(steps.last())
}

/// How long a job ran, or has run by `now_ms`.
pub fn duration_ms(job: &Job, now_ms: i64) -> i64 {
    (job.end_ms.unwrap_or(now_ms) - job.start_ms).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hosting::{JobStatus, Subdomain};

    fn branch(name: &str, stage: &str, source: Option<&str>) -> Branch {
        Branch {
            name: name.into(),
            display_name: String::new(),
            stage: stage.into(),
            source_branch: source.map(str::to_owned),
            active_job_id: None,
            total_jobs: 0,
            variables: Variables::default(),
            stack_arn: None,
        }
    }

    fn vars(pairs: &[(&str, &str)]) -> Variables {
        Variables(pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn previews_are_the_pull_request_branches_with_their_number() {
        assert_eq!(preview_number(&branch("pr-7", "PULL_REQUEST", Some("main"))), Some(7));
        assert_eq!(preview_number(&branch("pr-12", "DEVELOPMENT", Some("main"))), Some(12), "a source branch");
        assert_eq!(preview_number(&branch("pr-7", "DEVELOPMENT", None)), None, "a branch that is only called pr-7");
        assert_eq!(preview_number(&branch("main", "PRODUCTION", None)), None);
        assert_eq!(preview_number(&branch("preview", "PULL_REQUEST", None)), Some(0), "a preview without a number");
    }

    fn hosted(domains: Vec<Subdomain>) -> App {
        App {
            id: "d1".into(),
            name: "app".into(),
            default_domain: "d1.amplifyapp.com".into(),
            repository: String::new(),
            variables: Variables::default(),
            domains,
        }
    }

    #[test]
    fn a_branch_is_served_at_its_display_name_under_the_default_domain() {
        let app = hosted(Vec::new());
        assert_eq!(
            url(&app, &branch("feature/profile", "DEVELOPMENT", None)),
            "https://feature-profile.d1.amplifyapp.com"
        );
        let mut named = branch("main", "PRODUCTION", None);
        named.display_name = "www".into();
        assert_eq!(url(&app, &named), "https://www.d1.amplifyapp.com");
    }

    #[test]
    fn a_custom_domain_serves_the_branches_it_names_and_the_default_stays() {
        let domains = vec![
            Subdomain { branch: "main".into(), host: "example.com".into() },
            Subdomain { branch: "dev".into(), host: "dev.example.com".into() },
        ];
        let app = hosted(domains);
        assert_eq!(url(&app, &branch("main", "PRODUCTION", None)), "https://example.com");
        assert_eq!(url(&app, &branch("dev", "DEVELOPMENT", None)), "https://dev.example.com");
        assert_eq!(default_url(&app, &branch("dev", "DEVELOPMENT", None)), "https://dev.d1.amplifyapp.com");
        assert_eq!(url(&app, &branch("pr-7", "PULL_REQUEST", Some("main"))), "https://pr-7.d1.amplifyapp.com");
    }

    #[test]
    fn the_branch_variable_wins_over_the_apps_and_says_what_it_replaces() {
        let app = vars(&[("API_URL", "https://api"), ("NODE_VERSION", "20")]);
        let own = vars(&[("API_URL", "https://staging"), ("FLAG", "on")]);
        let all = effective(&app, &own);
        let names: Vec<_> = all.iter().map(|e| (e.name.as_str(), e.value.as_str(), e.from)).collect();
        assert_eq!(
            names,
            vec![
                ("API_URL", "https://staging", From::Branch),
                ("FLAG", "on", From::Branch),
                ("NODE_VERSION", "20", From::App),
            ]
        );
        assert_eq!(all[0].shadows.as_deref(), Some("https://api"));
        assert_eq!(all[1].shadows, None);
    }

    #[test]
    fn setting_a_variable_keeps_the_others() {
        let before = vars(&[("A", "1"), ("B", "2")]);
        assert_eq!(with_variable(&before, "B", Some("3")), vars(&[("A", "1"), ("B", "3")]));
        assert_eq!(with_variable(&before, "C", Some("4")), vars(&[("A", "1"), ("B", "2"), ("C", "4")]));
        assert_eq!(with_variable(&before, "A", None), vars(&[("B", "2")]));
        assert_eq!(with_variable(&before, "Z", None), before);
    }

    #[test]
    fn a_build_log_is_sanitized_and_its_failing_lines_found() {
        let text = "# Starting phase: build\n\x1b[31mnpm ERR! code ELIFECYCLE\x1b[0m\nnpm run build\nsrc/App.tsx(3,1): error TS2304: Cannot find name 'x'.\n# Completed phase: build\n!!! Build failed\n";
        let log = Log::new("12".into(), "BUILD".into(), text, false);
        assert!(log.lines.iter().all(|l| !l.contains('\x1b')), "{:?}", log.lines);
        assert_eq!(log.failing, vec![1, 3, 5]);
        assert_eq!(log.next_failing(1), Some(3), "n goes to the next failing line");
        assert_eq!(log.next_failing(5), Some(1), "and wraps around");
        let mut log = log;
        log.set_filter("ts2304");
        assert_eq!(log.shown, vec![3], "the search keeps the lines containing it, case-insensitive");
        let exits = ["Command exited with code 0", "Command exited with code 2"].map(String::from);
        assert_eq!(failing_lines(&exits), vec![1], "a zero exit is not a failure");
        let warning = ["2026-12-01T09:14:06.412Z [WARNING]: ! Unable to write cache: Request failed".to_owned()];
        assert!(failing_lines(&warning).is_empty(), "a warning is not the failure");
    }

    #[test]
    fn the_failed_step_is_found() {
        let step = |name: &str, status| Step {
            name: name.into(),
            status,
            start_ms: 0,
            end_ms: None,
            reason: None,
            log_url: None,
        };
        let steps = vec![step("BUILD", JobStatus::Failed), step("DEPLOY", JobStatus::Cancelled)];
        assert_eq!(failed_step(&steps).map(|s| s.name.as_str()), Some("BUILD"));
    }
}
