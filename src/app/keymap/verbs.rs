//! The verbs: what a key means in every pane. A pane command named after a verb is bound to
//! the verb's keys, and a key of a verb means nothing else in any pane, so a key learnt in one
//! pane works the same in the next (`X` deletes, with a question, wherever there is something
//! to delete). A pane's own action gets a key no verb uses. `app/keys.rs` checks the table
//! against every pane.

/// One verb and its keys.
#[derive(Debug, Clone, Copy)]
pub struct Verb {
    /// The name a pane's command has when it does this verb.
    pub name: &'static str,
    /// Its keys, as commands write them.
    pub keys: &'static [&'static str],
    /// What it does, whatever the pane.
    pub means: &'static str,
}

pub const VERBS: &[Verb] = &[
    Verb {
        name: "open",
        keys: &["enter"],
        means: "open the selected row: a folder, a stack, a record, a branch's builds",
    },
    Verb { name: "back", keys: &["backspace", "left"], means: "back up a level" },
    Verb { name: "detail", keys: &["v"], means: "the selected row whole, wrapped, to read and copy" },
    Verb { name: "new", keys: &["a"], means: "add one: a user, a secret, a record, an event, a variable" },
    Verb {
        name: "edit",
        keys: &["e"],
        means: "change the selected one: a record, an event, a secret's or a variable's value",
    },
    Verb { name: "delete", keys: &["X"], means: "delete the selected one, after a question" },
    Verb { name: "reload", keys: &["r"], means: "read it from AWS again" },
    Verb { name: "filter", keys: &["/"], means: "show only the rows holding a text" },
    Verb { name: "copy", keys: &["c"], means: "copy the selected one's link or address" },
    Verb { name: "export", keys: &["w"], means: "write what is shown to a file" },
    Verb { name: "download", keys: &["D"], means: "download the selected file" },
    Verb { name: "upload", keys: &["u"], means: "upload a local file" },
    Verb {
        name: "toggle",
        keys: &["space"],
        means: "switch the selected one on or off: a user, a secret's value shown, a process running",
    },
    Verb { name: "next", keys: &["n"], means: "the next match, failing line, model or bucket" },
    Verb { name: "previous", keys: &["N"], means: "the previous match, failing line, model or bucket" },
    Verb { name: "pick", keys: &["p"], means: "pick another from a list: an app, a model" },
    Verb { name: "view", keys: &["V"], means: "switch what the pane lists: users or groups, resources or outputs" },
    Verb { name: "follow", keys: &["f"], means: "follow new lines on/off" },
    Verb { name: "again", keys: &["I"], means: "do it again: invoke the last function event, restart a process" },
    Verb { name: "build", keys: &["B"], means: "build a branch (again), after a question" },
];

/// The verb a command named `name` does, if it does one.
pub fn named(name: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|verb| verb.name == name)
}
