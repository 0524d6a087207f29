//! Function logs: the functions of an environment and what they logged.

/// One log event of a Lambda function (or of the data API).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogEvent {
    pub function: String,
    pub timestamp_ms: i64,
    pub message: String,
    /// One of Amplify's own functions (custom-resource handlers, the table manager): listed,
    /// hidden until the user shows it.
    pub internal: bool,
    pub source: LogSource,
}

impl LogEvent {
    /// A line of one of the user's Lambda functions.
    pub fn lambda(function: &str, timestamp_ms: i64, message: &str) -> Self {
        Self { function: function.into(), timestamp_ms, message: message.into(), ..Self::default() }
    }
}

/// What writes a log group, and so how its lines read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LogSource {
    #[default]
    Lambda,
    /// The data API's resolvers (AppSync logging: `/aws/appsync/apis/<apiId>`).
    AppSync,
    /// A function run on this machine (its lines read as Lambda's, marked local).
    Local,
}

/// A Lambda function of the followed environment, and where it logs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Function {
    /// As the user named it (`say-hello`), or as its logical id reads.
    pub name: String,
    pub log_group: String,
    /// One of Amplify's own functions (custom-resource handlers, the table manager).
    pub internal: bool,
    pub source: LogSource,
}
