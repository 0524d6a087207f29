//! The Users pane's model: the followed environment's pool, the users read so far (a page at a
//! time, as the selection nears the end), the groups with their members, and what is under
//! way. Answers of an older listing (another filter, another environment) are dropped.

use std::collections::HashMap;

use crate::domain::health::Problem;
use crate::domain::users::{Group, User, UserChange, UserPool, UsersReply, UsersRequest};

/// The next page is asked for when the selection is this close to the last user read.
const LOOKAHEAD: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UsersView {
    #[default]
    Users,
    Groups,
}

/// A row of the groups view: a group, or one of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRow {
    Group(usize),
    Member(usize, usize),
}

#[derive(Debug, Clone, Default)]
pub struct UsersModel {
    /// The stack whose pool this is.
    pub stack: String,
    pub pool: Option<UserPool>,
    /// Which listing answers belong to.
    pub generation: u64,
    pub users: Vec<User>,
    /// Where the next page starts, while there is one.
    pub next: Option<String>,
    /// The first page is still to be asked for.
    pub stale: bool,
    /// The groups are still to be asked for; their answers belong to `groups_generation`.
    groups_stale: bool,
    pub groups_generation: u64,
    pub loading: bool,
    pub filter: String,
    pub groups: Vec<Group>,
    pub group_rows: Vec<GroupRow>,
    /// Each member's groups (indexes into `groups`), for the users view's column.
    membership: HashMap<String, Vec<usize>>,
    pub view: UsersView,
    /// The last failure: what was being done, and the problem.
    pub problem: Option<(String, Problem)>,
    /// Actions sent and not yet answered.
    pub pending: usize,
    /// The users shown are the last read's, kept while `r` reads them again (and after that
    /// read failed): the first page of the new read replaces them.
    pub kept: bool,
}

impl UsersModel {
    /// The pool of the followed environment; a different one starts over.
    pub fn set_pool(&mut self, pool: Option<UserPool>) {
        if pool != self.pool {
            self.pool = pool;
            self.groups.clear();
            self.rebuild_groups();
            self.problem = None;
            self.reload_all();
        }
    }

    /// Forgets the users and the groups read.
    pub fn reload_all(&mut self) {
        self.reload();
        self.groups_generation += 1;
        self.groups_stale = self.pool.is_some();
    }

    /// Reads the users and groups again (`r`), showing the last read's until the new one
    /// answers, and after it fails.
    pub fn read_again(&mut self) {
        let users = std::mem::take(&mut self.users);
        self.reload_all();
        self.kept = !users.is_empty();
        self.users = users;
    }

    /// Forgets the users read (another filter keeps the groups); the next
    /// [`UsersModel::wanted`] asks again.
    pub fn reload(&mut self) {
        self.generation += 1;
        self.kept = false;
        self.users.clear();
        self.next = None;
        self.loading = false;
        self.stale = self.pool.is_some();
    }

    pub fn set_filter(&mut self, text: &str) {
        if self.filter != text {
            self.filter = text.to_owned();
            self.reload();
        }
    }

    /// What to ask for now that the selection is at `selected`: the first page and the groups
    /// after a reload, the next page near the end of those read, else nothing.
    pub fn wanted(&mut self, selected: usize) -> Vec<UsersRequest> {
        let Some(pool) = self.pool.clone() else { return Vec::new() };
        let generation = self.generation;
        let filter = crate::amplify::auth::filter(pool.sign_in, &self.filter);
        let mut wanted = Vec::new();
        if self.stale {
            self.stale = false;
            self.loading = true;
            wanted.push(UsersRequest::Page { pool: pool.clone(), filter: filter.clone(), token: None, generation });
        }
        if self.groups_stale {
            self.groups_stale = false;
            wanted.push(UsersRequest::Groups { pool: pool.clone(), generation: self.groups_generation });
        }
        if !wanted.is_empty() {
            return wanted;
        }
        match &self.next {
            Some(token) if !self.loading && selected + LOOKAHEAD >= self.users.len() => {
                self.loading = true;
                vec![UsersRequest::Page { pool, filter, token: Some(token.clone()), generation }]
            }
            _ => Vec::new(),
        }
    }

    /// Takes an answer in; returns what to tell the user, if anything.
    pub fn apply(&mut self, reply: UsersReply) -> Option<String> {
        match reply {
            UsersReply::Page { generation, users, next } if generation == self.generation => {
                if std::mem::take(&mut self.kept) {
                    self.users.clear();
                }
                self.users.extend(users);
                self.next = next;
                self.loading = false;
                self.problem = None;
            }
            UsersReply::Groups { generation, groups } if generation == self.groups_generation => {
                self.groups = groups;
                self.rebuild_groups();
            }
            UsersReply::Page { .. } | UsersReply::Groups { .. } => {}
            UsersReply::Done(change) => {
                self.pending = self.pending.saturating_sub(1);
                self.problem = None;
                return Some(self.change(change));
            }
            UsersReply::SignedIn { username, .. } => {
                self.pending = self.pending.saturating_sub(1);
                // Signing in answered a temporary password's NEW_PASSWORD_REQUIRED, if any.
                self.edit(&username, |u| {
                    if u.status == "FORCE_CHANGE_PASSWORD" {
                        u.status = "CONFIRMED".into();
                    }
                });
                let user = self.users.iter().find(|u| u.is(&username));
                let name = user.map_or(username.as_str(), |u| self.label(u));
                return Some(format!("signed in as {name}: its ID token is on the clipboard (OSC 52)"));
            }
            UsersReply::Failed { generation, what, problem } => {
                if generation.is_some_and(|g| g != self.generation) {
                    return None;
                }
                if generation.is_some() {
                    self.loading = false;
                } else {
                    self.pending = self.pending.saturating_sub(1);
                }
                self.problem = Some((what, problem));
            }
        }
        None
    }

    fn change(&mut self, change: UserChange) -> String {
        let name = |n: &str| self.users.iter().find(|u| u.is(n)).map_or(n, |u| self.label(u)).to_owned();
        let line = match &change {
            UserChange::Created(user) => format!("created {}: it can sign in with its password", self.label(user)),
            UserChange::PasswordSet(user) => format!("{}: password set (permanent)", name(user)),
            UserChange::Grouped { username, group, member: true } => format!("{} added to {group}", name(username)),
            UserChange::Grouped { username, group, .. } => format!("{} removed from {group}", name(username)),
            UserChange::Enabled { username, enabled: true } => format!("{} enabled", name(username)),
            UserChange::Enabled { username, .. } => format!("{} disabled: it cannot sign in", name(username)),
            UserChange::Deleted(user) => format!("{} deleted", name(user)),
        };
        match change {
            UserChange::Created(user) => self.users.insert(0, user),
            UserChange::PasswordSet(name) => self.edit(&name, |u| u.status = "CONFIRMED".into()),
            UserChange::Enabled { username, enabled } => self.edit(&username, |u| u.enabled = enabled),
            UserChange::Deleted(name) => {
                self.users.retain(|u| !u.is(&name));
                self.groups.iter_mut().for_each(|g| g.members.retain(|u| !u.is(&name)));
            }
            UserChange::Grouped { username, group, member } => {
                let user = self.users.iter().find(|u| u.is(&username)).cloned();
                if let Some(g) = self.groups.iter_mut().find(|g| g.name == group) {
                    g.members.retain(|u| !u.is(&username));
                    if let (true, Some(user)) = (member, user) {
                        g.members.push(user);
                    }
                }
            }
        }
        self.rebuild_groups();
        line
    }

    fn edit(&mut self, name: &str, change: impl Fn(&mut User)) {
        self.users
            .iter_mut()
            .chain(self.groups.iter_mut().flat_map(|g| g.members.iter_mut()))
            .filter(|u| u.is(name))
            .for_each(change);
    }

    fn rebuild_groups(&mut self) {
        self.membership.clear();
        for (g, group) in self.groups.iter().enumerate() {
            for member in &group.members {
                self.membership.entry(member.username.clone()).or_default().push(g);
            }
        }
        self.group_rows = self
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                std::iter::once(GroupRow::Group(g)).chain((0..group.members.len()).map(move |m| GroupRow::Member(g, m)))
            })
            .collect();
    }

    /// What the pane calls a user: what it signs in with.
    pub fn label<'a>(&self, user: &'a User) -> &'a str {
        self.pool.as_ref().map_or(&user.username, |p| user.sign_in_name(p.sign_in))
    }

    /// The groups `user` is a member of, as far as the groups read say.
    pub fn groups_of(&self, user: &User) -> Vec<&str> {
        self.groups
            .iter()
            .filter(|g| g.members.iter().any(|m| m.username == user.username))
            .map(|g| g.name.as_str())
            .collect()
    }

    /// The group names to choose from: those read, else those the backend defines.
    pub fn group_names(&self) -> Vec<String> {
        if self.groups.is_empty() {
            self.pool.as_ref().map(|p| p.groups.clone()).unwrap_or_default()
        } else {
            self.groups.iter().map(|g| g.name.clone()).collect()
        }
    }

    /// Rows of the current view.
    pub fn rows(&self) -> usize {
        match self.view {
            UsersView::Users => self.users.len(),
            UsersView::Groups => self.group_rows.len(),
        }
    }

    /// The user of row `row` of the current view (a member row in the groups view).
    pub fn user_at(&self, row: usize) -> Option<&User> {
        match self.view {
            UsersView::Users => self.users.get(row),
            UsersView::Groups => match self.group_rows.get(row)? {
                GroupRow::Member(g, m) => self.groups.get(*g)?.members.get(*m),
                GroupRow::Group(_) => None,
            },
        }
    }

    /// The group of row `row` in the groups view (its own row or a member's).
    pub fn group_at(&self, row: usize) -> Option<&Group> {
        match (self.view, self.group_rows.get(row)?) {
            (UsersView::Groups, GroupRow::Group(g) | GroupRow::Member(g, _)) => self.groups.get(*g),
            _ => None,
        }
    }
}
