//! The demo's user pools: each pool the demo's stacks name holds the same handful of users in
//! different states and two groups, so every action of the Users pane can be tried without
//! AWS. It answers like Cognito does, after a short pause, and checks passwords as Cognito
//! would.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::users::{Group, SignIn, User, UserAction, UserChange, UserPool, UsersReply, UsersRequest};
use crate::ports::{Sink, Users};
use crate::util::timefmt::now_epoch_ms;

const PAGE: usize = 60;
/// The password every demo user starts with.
pub const DEMO_PASSWORD: &str = "Demo-pass-1";

#[derive(Debug, Clone)]
struct Member {
    user: User,
    password: String,
    groups: Vec<String>,
}

#[derive(Debug, Clone)]
struct Pool {
    users: Vec<Member>,
    groups: Vec<(String, i32, &'static str)>,
    next_id: u64,
}

impl Pool {
    fn demo() -> Self {
        let day = 86_400_000;
        let now = now_epoch_ms();
        let states = [
            ("alice@example.com", "CONFIRMED", true, &["ADMINS"][..]),
            ("bob@example.com", "CONFIRMED", true, &["EDITORS"][..]),
            ("carol@example.com", "FORCE_CHANGE_PASSWORD", true, &[][..]),
            ("dave@example.com", "UNCONFIRMED", true, &[][..]),
            ("erin@example.com", "CONFIRMED", false, &["EDITORS"][..]),
            ("frank@example.com", "RESET_REQUIRED", true, &[][..]),
        ];
        let users = states
            .iter()
            .enumerate()
            .map(|(i, (email, status, enabled, groups))| Member {
                user: User {
                    username: username(i),
                    email: Some((*email).to_owned()),
                    phone: None,
                    status: (*status).to_owned(),
                    enabled: *enabled,
                    created_ms: now - (30 - i as i64 * 4) * day,
                },
                password: DEMO_PASSWORD.to_owned(),
                groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            })
            .collect();
        let groups = vec![("ADMINS".into(), 0, "can change everything"), ("EDITORS".into(), 1, "can edit posts")];
        Self { users, groups, next_id: 100 }
    }

    /// What the demo's `amplify/seed/seed.ts` makes, once.
    fn seed(&mut self) {
        if self.find("seeded@example.com").is_err() {
            self.next_id += 1;
            let user = User {
                username: format!("{:08x}-seed-{:04}", 0x5eed_0000, self.next_id),
                email: Some("seeded@example.com".into()),
                phone: None,
                status: "CONFIRMED".into(),
                enabled: true,
                created_ms: now_epoch_ms(),
            };
            self.users.push(Member { user, password: "Seed-pass-1".into(), groups: vec!["EDITORS".into()] });
        }
    }

    fn find(&mut self, username: &str) -> Result<&mut Member, Problem> {
        self.users
            .iter_mut()
            .find(|m| m.user.username == username || m.user.email.as_deref() == Some(username))
            .ok_or_else(|| {
                problem("UserNotFoundException: User does not exist.", "the user is gone: r reloads the list")
            })
    }
}

fn problem(message: &str, hint: &str) -> Problem {
    Problem { source: Source::Users, kind: ProblemKind::Other, message: message.into(), hint: hint.into() }
}

#[derive(Clone, Default)]
pub struct SimUsers {
    pools: Arc<Mutex<HashMap<String, Pool>>>,
    sink: Option<Sink<UsersReply>>,
    speed: f64,
    /// The demo's seed script ran (set by the simulated deployer).
    seeded: Arc<AtomicBool>,
}

impl SimUsers {
    pub fn new(sink: Sink<UsersReply>, speed: f64, seeded: Arc<AtomicBool>) -> Self {
        Self { pools: Arc::default(), sink: Some(sink), speed, seeded }
    }

    fn answer(&self, request: UsersRequest) -> UsersReply {
        let Ok(mut pools) = self.pools.lock() else {
            return UsersReply::Failed {
                generation: None,
                what: "demo".into(),
                problem: problem("demo pool broke", "restart"),
            };
        };
        let pool_id = match &request {
            UsersRequest::Page { pool, .. } | UsersRequest::Groups { pool, .. } | UsersRequest::Act { pool, .. } => {
                pool.id.clone()
            }
        };
        let pool = pools.entry(pool_id).or_insert_with(Pool::demo);
        if self.seeded.load(Ordering::SeqCst) {
            pool.seed();
        }
        match request {
            UsersRequest::Page { filter, token, generation, pool: config } => {
                let prefix = filter.as_deref().and_then(|f| f.split('"').nth(1)).unwrap_or_default();
                let matching: Vec<User> = pool
                    .users
                    .iter()
                    .filter(|m| m.user.sign_in_name(config.sign_in).starts_with(prefix))
                    .map(|m| m.user.clone())
                    .collect();
                let start = token.and_then(|t| t.parse().ok()).unwrap_or(0usize).min(matching.len());
                let end = (start + PAGE).min(matching.len());
                let next = (end < matching.len()).then(|| end.to_string());
                UsersReply::Page { generation, users: matching[start..end].to_vec(), next }
            }
            UsersRequest::Groups { generation, .. } => {
                let groups = pool
                    .groups
                    .iter()
                    .map(|(name, precedence, description)| Group {
                        name: name.clone(),
                        description: Some((*description).to_owned()),
                        precedence: Some(*precedence),
                        members: pool
                            .users
                            .iter()
                            .filter(|m| m.groups.contains(name))
                            .map(|m| m.user.clone())
                            .collect(),
                        more: false,
                    })
                    .collect();
                UsersReply::Groups { generation, groups }
            }
            UsersRequest::Act { pool: config, action } => {
                let what = action.what();
                match act(pool, &config, action) {
                    Ok(reply) => reply,
                    Err(problem) => UsersReply::Failed { generation: None, what, problem },
                }
            }
        }
    }
}

fn act(pool: &mut Pool, config: &UserPool, action: UserAction) -> Result<UsersReply, Problem> {
    let change = match action {
        UserAction::Create { username, password } => {
            if pool.find(&username).is_ok() {
                return Err(problem(
                    "UsernameExistsException: An account with the given email already exists.",
                    "pick another name",
                ));
            }
            pool.next_id += 1;
            let email = (config.sign_in == SignIn::Email).then(|| username.clone());
            let name = if email.is_some() { format!("{:08x}-demo-{:04}", 0x5eed_0000, pool.next_id) } else { username };
            let user = User {
                username: name,
                email,
                phone: None,
                status: "CONFIRMED".into(),
                enabled: true,
                created_ms: now_epoch_ms(),
            };
            pool.users.push(Member { user: user.clone(), password: password.expose().to_owned(), groups: Vec::new() });
            UserChange::Created(user)
        }
        UserAction::SetPassword { username, password } => {
            let member = pool.find(&username)?;
            member.password = password.expose().to_owned();
            member.user.status = "CONFIRMED".into();
            UserChange::PasswordSet(username)
        }
        UserAction::AddToGroup { group, .. } | UserAction::RemoveFromGroup { group, .. }
            if !pool.groups.iter().any(|(g, ..)| *g == group) =>
        {
            return Err(problem(
                &format!("ResourceNotFoundException: Group {group} not found."),
                "pick one of the pool's groups",
            ));
        }
        UserAction::AddToGroup { username, group } => {
            let member = pool.find(&username)?;
            if !member.groups.contains(&group) {
                member.groups.push(group.clone());
            }
            UserChange::Grouped { username, group, member: true }
        }
        UserAction::RemoveFromGroup { username, group } => {
            pool.find(&username)?.groups.retain(|g| *g != group);
            UserChange::Grouped { username, group, member: false }
        }
        UserAction::Enable { username } => {
            pool.find(&username)?.user.enabled = true;
            UserChange::Enabled { username, enabled: true }
        }
        UserAction::Disable { username } => {
            pool.find(&username)?.user.enabled = false;
            UserChange::Enabled { username, enabled: false }
        }
        UserAction::Delete { username } => {
            let name = pool.find(&username)?.user.username.clone();
            pool.users.retain(|m| m.user.username != name);
            UserChange::Deleted(username)
        }
        UserAction::SignIn { username, password } => return sign_in(pool, &username, &password),
    };
    Ok(UsersReply::Done(change))
}

/// The `i`th demo user's username (a sub, as Amplify's email sign-in makes it).
pub(super) fn username(i: usize) -> String {
    format!("{:08x}-demo-{i:04}", 0x5eed_0000 + i)
}

/// Signs in as Cognito would: the password must match and the user be enabled and confirmed
/// (or hold a temporary password, which becomes permanent).
/// The token is shaped like a JWT but signed by nobody.
fn sign_in(pool: &mut Pool, username: &str, password: &SecretText) -> Result<UsersReply, Problem> {
    let member = pool.find(username)?;
    if !member.user.enabled {
        return Err(problem("NotAuthorizedException: User is disabled.", "Space enables the user"));
    }
    if member.password != password.expose() {
        return Err(problem(
            "NotAuthorizedException: Incorrect username or password.",
            "check the password, or P sets a new one",
        ));
    }
    if member.user.status == "UNCONFIRMED" {
        return Err(problem(
            "UserNotConfirmedException: User is not confirmed.",
            "the user has not confirmed the sign-up code yet; confirm it (AdminConfirmSignUp), then sign in",
        ));
    }
    // A temporary password answers NEW_PASSWORD_REQUIRED with itself, as the AWS adapter
    // does: the user is confirmed from then on.
    if member.user.status == "FORCE_CHANGE_PASSWORD" {
        member.user.status = "CONFIRMED".into();
    }
    let claims = format!(
        r#"{{"sub":"{}","email":"{}","token_use":"id","iss":"ampdeck-demo"}}"#,
        member.user.username,
        member.user.email.as_deref().unwrap_or_default()
    );
    let token = format!("eyJhbGciOiJub25lIn0.{}.demo", crate::util::base64::encode(claims.as_bytes()));
    Ok(UsersReply::SignedIn { username: username.to_owned(), id_token: SecretText::new(token) })
}

impl Users for SimUsers {
    fn request(&mut self, request: UsersRequest) {
        let sim = self.clone();
        super::answer_later(self.sink.clone(), 0.15, self.speed, move || sim.answer(request));
    }

    fn shutdown(&mut self) {
        self.sink = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(email: &str) -> String {
        let mut pool = Pool::demo();
        match sign_in(&mut pool, email, &SecretText::new(DEMO_PASSWORD)) {
            Err(problem) => problem.message,
            Ok(reply) => format!("signed in: {reply:?}"),
        }
    }

    #[test]
    fn sign_in_refuses_as_cognito_does_for_each_state() {
        assert!(refusal("dave@example.com").starts_with("UserNotConfirmedException"), "UNCONFIRMED");
        assert!(refusal("carol@example.com").starts_with("signed in"), "FORCE_CHANGE_PASSWORD: made permanent");
        assert!(refusal("erin@example.com").contains("User is disabled"));
        assert!(refusal("alice@example.com").starts_with("signed in"));
    }
}
