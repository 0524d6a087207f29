//! Everything that can happen to ampdeck, and everything it can ask the outside world to do.

use crossterm::event::{KeyEvent, MouseEvent};

use crate::domain::changes::ChangeSet;
use crate::domain::check::{CheckReport, CheckerChanged};
use crate::domain::data::{DataReply, DataRequest};
use crate::domain::deploy::{DeployMsg, DeployRequest, DriverMsg};
use crate::domain::env::Environment;
use crate::domain::git::Repo;
use crate::domain::health::{CloudStatus, Health};
use crate::domain::invoke::{InvokeReply, InvokeRequest};
use crate::domain::logs::LogEvent;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;
use crate::domain::secrets::{SecretsReply, SecretsRequest};
use crate::domain::stack::{StackEvent, StackOutput};
use crate::domain::storage::{StorageReply, StorageRequest};
use crate::domain::users::{UsersReply, UsersRequest};
use crate::model::history::Record;
use crate::model::outputs::OutputsDiff;
use crate::ports::{DeployReport, FollowMsg, WatchReport};

/// What a file opened in the user's editor is for.
#[derive(Debug, Clone, PartialEq)]
pub enum EditFor {
    /// A record of `table`: a new one (no original; `handed` is the text it started from) or
    /// the one read.
    Record { table: String, original: Option<crate::domain::data::Record>, handed: Option<String> },
    /// A saved event of a function, edited in place in the project.
    Payload { function: String, name: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Once a second, and only while something on screen counts time.
    Tick,
    Deploy(DeployMsg),
    /// New stack events (oldest first) of the followed stack and its nested stacks.
    StackEvents(Vec<StackEvent>),
    /// Every resource with its current status, as events (a `ListStackResources` snapshot).
    StackResources(Vec<StackEvent>),
    StackOutputs(Vec<StackOutput>),
    /// The followed stack does not exist (not deployed yet, or deleted).
    StackMissing,
    Cloud(CloudStatus),
    /// A worker met a problem, or got over one.
    Health(Health),
    /// The project's git repository changed (checkout, commit, fetch).
    Git(Repo),
    Logs(Vec<LogEvent>),
    Environments(Vec<Environment>),
    /// Debounced, already filtered by the ignore rules; paths relative to the project root.
    FilesChanged(ChangeSet),
    Notice(Notice),
    /// What the last deploy changed in `amplify_outputs.json`.
    OutputsChanged(OutputsDiff),
    /// A type check of the project finished.
    Checked(CheckReport),
    /// What each function's code and the backend definition are built from, read again.
    CodeMap(crate::domain::deploy::CodeMap),
    /// The last synthesis's assets against the pushed code: what differs, if anything.
    PushCompared(Option<String>),
    /// The checker the next type check runs on changed.
    CheckerChanged(CheckerChanged),
    /// News from the warm deploy driver.
    Driver(DriverMsg),
    /// An answer about the followed environment's users.
    Users(UsersReply),
    /// An answer about the followed environment's secrets.
    Secrets(SecretsReply),
    /// The secret names the backend's source reads.
    SecretRefs(Vec<String>),
    /// An answer about the followed environment's data.
    Data(DataReply),
    /// An answer about the followed environment's storage.
    Storage(StorageReply),
    /// An answer from Amplify Hosting.
    Hosting(crate::domain::hosting::HostingReply),
    /// The functions the user defined, as deployed in the followed stack.
    Functions(Vec<crate::domain::invoke::Target>),
    /// An answer to an invocation.
    Invoked(InvokeReply),
    /// A function's saved events, as the project's files hold them.
    Payloads {
        function: String,
        payloads: Vec<crate::model::invocations::Payload>,
    },
    /// A saved event's file was removed, or why not.
    PayloadDeleted {
        function: String,
        name: String,
        result: Result<(), String>,
    },
    /// The user's editor closed: the file's text, or why there is none.
    Edited {
        purpose: EditFor,
        text: Result<String, String>,
    },
    /// The stack's status after a deploy said it succeeded.
    Verified(Box<crate::domain::deploy::StackCheck>),
    /// The commands the Processes page offers: `[[processes]]`, else `package.json`'s scripts.
    ProcessesListed(Vec<crate::domain::processes::ProcessSpec>),
    /// News from a process run beside the backend.
    Process(crate::domain::processes::ProcessMsg),
    /// SIGTERM or SIGHUP: leave now, cleaning up.
    Terminate,
}

impl From<crate::domain::processes::ProcessMsg> for Event {
    fn from(msg: crate::domain::processes::ProcessMsg) -> Self {
        Event::Process(msg)
    }
}

impl From<UsersReply> for Event {
    fn from(reply: UsersReply) -> Self {
        Self::Users(reply)
    }
}

impl From<DataReply> for Event {
    fn from(reply: DataReply) -> Self {
        Self::Data(reply)
    }
}

impl From<Health> for Event {
    fn from(health: Health) -> Self {
        Self::Health(health)
    }
}

impl From<InvokeReply> for Event {
    fn from(reply: InvokeReply) -> Self {
        Self::Invoked(reply)
    }
}

impl From<crate::domain::hosting::HostingReply> for Event {
    fn from(reply: crate::domain::hosting::HostingReply) -> Self {
        Self::Hosting(reply)
    }
}

impl From<StorageReply> for Event {
    fn from(reply: StorageReply) -> Self {
        Self::Storage(reply)
    }
}

impl From<SecretsReply> for Event {
    fn from(reply: SecretsReply) -> Self {
        Self::Secrets(reply)
    }
}

impl From<FollowMsg> for Event {
    fn from(msg: FollowMsg) -> Self {
        match msg {
            FollowMsg::StackEvents(events) => Self::StackEvents(events),
            FollowMsg::StackResources(resources) => Self::StackResources(resources),
            FollowMsg::StackOutputs(outputs) => Self::StackOutputs(outputs),
            FollowMsg::StackMissing => Self::StackMissing,
            FollowMsg::Cloud(status) => Self::Cloud(status),
            FollowMsg::Environments(envs) => Self::Environments(envs),
            FollowMsg::Logs(events) => Self::Logs(events),
            FollowMsg::Functions(targets) => Self::Functions(targets),
            FollowMsg::Health(health) => Self::Health(health),
            FollowMsg::Notice(notice) => Self::Notice(notice),
            FollowMsg::Verified(check) => Self::Verified(Box::new(check)),
        }
    }
}

impl From<DeployReport> for Event {
    fn from(report: DeployReport) -> Self {
        match report {
            DeployReport::Deploy(msg) => Self::Deploy(msg),
            DeployReport::Driver(msg) => Self::Driver(msg),
            DeployReport::Follow(msg) => Self::from(msg),
        }
    }
}

impl From<WatchReport> for Event {
    fn from(report: WatchReport) -> Self {
        match report {
            WatchReport::Changes(changes) => Self::FilesChanged(changes),
            WatchReport::Notice(notice) => Self::Notice(notice),
            WatchReport::SecretRefs(names) => Self::SecretRefs(names),
        }
    }
}

impl From<Repo> for Event {
    fn from(repo: Repo) -> Self {
        Self::Git(repo)
    }
}

impl From<CheckerChanged> for Event {
    fn from(changed: CheckerChanged) -> Self {
        Self::CheckerChanged(changed)
    }
}

impl From<crate::domain::deploy::CodeMap> for Event {
    fn from(map: crate::domain::deploy::CodeMap) -> Self {
        Self::CodeMap(map)
    }
}

impl From<CheckReport> for Event {
    fn from(report: CheckReport) -> Self {
        Self::Checked(report)
    }
}

/// What the core asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Deploy(DeployRequest),
    CancelDeploy,
    /// Run type check `generation` on the project (ending one still running).
    TypeCheck {
        generation: u64,
        scope: crate::domain::check::Scope,
    },
    /// The type check's verdict for a deploy waiting between synthesis and deployment.
    ReleaseDeploy {
        id: u64,
        proceed: bool,
        reason: String,
    },
    /// Follow another stack: its events, resources and outputs.
    Follow(String),
    /// `CancelUpdateStack` on the followed stack.
    CancelUpdateStack,
    /// Read `stack`'s own status once: deploy `deploy` said it succeeded.
    VerifyStack {
        deploy: u64,
        stack: String,
    },
    /// Append a finished deploy to the history file.
    RecordHistory(Record),
    /// Compare `amplify_outputs.json` with its state before the deploy.
    DiffOutputs,
    /// Read again which files each function's code and the backend definition are built
    /// from (the reading's generation).
    MapCode(u64),
    /// Compare the pushed code of these functions with the assets the last synthesis wrote.
    ComparePushed(Vec<String>),
    /// Tell the user a deploy finished (bell or desktop notification).
    Announce {
        title: String,
        body: String,
    },
    /// Put text on the clipboard (OSC 52, which terminals pass to the system clipboard).
    Copy(SecretText),
    Users(UsersRequest),
    Secrets(SecretsRequest),
    Data(DataRequest),
    /// Stream the changes of these tables (none: stop).
    WatchTables(Vec<String>),
    Storage(StorageRequest),
    Hosting(crate::domain::hosting::HostingRequest),
    Invoke(InvokeRequest),
    /// End the local runs still going (a debugger never attached, a handler that hangs).
    StopLocalRuns,
    /// Check the CDK bootstrap of the account and region.
    CheckBootstrap {
        account: Option<String>,
        region: Option<String>,
    },
    /// Read a function's saved events from the project.
    ListPayloads {
        function: String,
    },
    /// Remove a saved event's file; answered by [`Event::PayloadDeleted`].
    DeletePayload {
        function: String,
        name: String,
    },
    /// Open `text` in the user's editor as `.amplify/ampdeck/edit/<file>`, the terminal
    /// handed over meanwhile; answered by [`Event::Edited`].
    Edit {
        file: String,
        text: String,
        purpose: EditFor,
    },
    /// Write text to a file: shown log lines, exported records (`count` of `what`).
    Save {
        path: std::path::PathBuf,
        text: String,
        count: usize,
        what: &'static str,
    },
    /// Read the commands the Processes page offers again; answered by
    /// [`Event::ProcessesListed`].
    ListProcesses,
    Processes(crate::domain::processes::ProcessRequest),
    /// Open an address in the browser (`xdg-open`, `open`).
    OpenUrl(String),
    Quit,
}
