//! The [`Users`] port on Cognito: `ListUsers` a page at a time, groups with their members,
//! and the admin actions. Each request runs as its own task on a client made on first use,
//! and answers with exactly one reply. Passwords and tokens go to the API and back to the
//! core only, as [`SecretText`]; nothing here logs them.

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::AdminInitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::admin_respond_to_auth_challenge::AdminRespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, ChallengeNameType, ExplicitAuthFlowsType, MessageActionType, UserType,
};

use super::client::{Connection, action_problem};
use super::on_demand::{OnDemand, pages};
use super::srp::{self, Srp};
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::users::{
    Group, MAX_MEMBERS, SignIn, User, UserAction, UserChange, UserPool, UsersReply, UsersRequest,
};
use crate::ports::{Sink, Users};
use crate::util::timefmt;

/// Cognito's largest page.
const PAGE: i32 = 60;

/// What to do about the errors Cognito names.
const HINTS: &[(&str, &str)] = &[
    ("ResourceNotFound", "the user pool is gone: deploy again (d), or follow another environment"),
    ("UserNotFound", "the user is gone: r reloads the list"),
    ("UsernameExists", "a user with that name exists: pick another name"),
    ("InvalidPassword", "the password breaks the pool's policy: pick a stronger one"),
    ("NotAuthorized", "wrong password, or the user is disabled (Space enables it)"),
    ("UserNotConfirmed", "the user is not confirmed: P sets a permanent password"),
    ("InvalidParameter", "Cognito refused the input: check it and try again"),
    ("LimitExceeded", "a Cognito limit was hit: wait a moment, then try again"),
];

pub struct AwsUsers {
    calls: OnDemand<Client>,
    sink: Sink<UsersReply>,
}

impl AwsUsers {
    pub fn new(connection: Connection, sink: Sink<UsersReply>) -> Self {
        Self { calls: OnDemand::new(connection, Client::new), sink }
    }
}

impl Users for AwsUsers {
    fn request(&mut self, request: UsersRequest) {
        let sink = self.sink.clone();
        self.calls.spawn(|client| async move {
            sink.send(answer(&client, request).await).await;
        });
    }

    fn shutdown(&mut self) {
        self.calls.shutdown();
    }
}

async fn answer(client: &Client, request: UsersRequest) -> UsersReply {
    match request {
        UsersRequest::Page { pool, filter, token, generation } => {
            let listed = client
                .list_users()
                .user_pool_id(&pool.id)
                .limit(PAGE)
                .set_filter(filter)
                .set_pagination_token(token)
                .send()
                .await;
            match listed {
                Ok(page) => UsersReply::Page {
                    generation,
                    users: page.users().iter().map(user).collect(),
                    next: page.pagination_token().filter(|t| !t.is_empty()).map(str::to_owned),
                },
                Err(e) => failed(Some(generation), "list users", action_problem(&e, Source::Users, HINTS)),
            }
        }
        UsersRequest::Groups { pool, generation } => match groups(client, &pool.id).await {
            Ok(groups) => UsersReply::Groups { generation, groups },
            Err(problem) => failed(Some(generation), "list groups", problem),
        },
        UsersRequest::Act { pool, action } => act(client, &pool, action).await,
    }
}

fn failed(generation: Option<u64>, what: &str, problem: Problem) -> UsersReply {
    UsersReply::Failed { generation, what: what.to_owned(), problem }
}

/// Every group (every page), each with up to [`MAX_MEMBERS`] members.
async fn groups(client: &Client, pool: &str) -> Result<Vec<Group>, Problem> {
    let (found, _) = pages(usize::MAX, |token| async move {
        let page = client.list_groups().user_pool_id(pool).limit(PAGE).set_next_token(token).send().await;
        let page = page.map_err(problem)?;
        Ok((page.groups().to_vec(), page.next_token().map(str::to_owned)))
    })
    .await?;
    let mut groups = Vec::with_capacity(found.len());
    for g in found {
        let name = g.group_name().unwrap_or_default().to_owned();
        let (members, more) = pages(MAX_MEMBERS, |token| {
            let request = client.list_users_in_group().user_pool_id(pool).group_name(&name).limit(PAGE);
            async move {
                let page = request.set_next_token(token).send().await.map_err(problem)?;
                Ok((page.users().iter().map(user).collect(), page.next_token().map(str::to_owned)))
            }
        })
        .await?;
        let (description, precedence) = (g.description().map(str::to_owned), g.precedence());
        groups.push(Group { name, description, precedence, members, more });
    }
    Ok(groups)
}

fn user(u: &UserType) -> User {
    let attribute =
        |name: &str| u.attributes().iter().find(|a| a.name() == name).and_then(|a| a.value()).map(str::to_owned);
    User {
        username: u.username().unwrap_or_default().to_owned(),
        email: attribute("email"),
        phone: attribute("phone_number"),
        status: u.user_status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        enabled: u.enabled(),
        created_ms: u.user_create_date().and_then(|d| d.to_millis().ok()).unwrap_or_default(),
    }
}

async fn act(client: &Client, pool: &UserPool, action: UserAction) -> UsersReply {
    let what = action.what();
    let done = match action {
        UserAction::Create { username, password } => return create(client, pool, &username, &password).await,
        UserAction::SignIn { username, password } => return sign_in(client, pool, &username, &password).await,
        UserAction::SetPassword { username, password } => {
            set_password(client, pool, &username, &password).await.map(|()| UserChange::PasswordSet(username))
        }
        UserAction::AddToGroup { username, group } => {
            let sent = client.admin_add_user_to_group().user_pool_id(&pool.id).username(&username).group_name(&group);
            sent.send().await.map(|_| UserChange::Grouped { username, group, member: true }).map_err(problem)
        }
        UserAction::RemoveFromGroup { username, group } => {
            let sent =
                client.admin_remove_user_from_group().user_pool_id(&pool.id).username(&username).group_name(&group);
            sent.send().await.map(|_| UserChange::Grouped { username, group, member: false }).map_err(problem)
        }
        UserAction::Enable { username } => {
            let sent = client.admin_enable_user().user_pool_id(&pool.id).username(&username).send().await;
            sent.map(|_| UserChange::Enabled { username, enabled: true }).map_err(problem)
        }
        UserAction::Disable { username } => {
            let sent = client.admin_disable_user().user_pool_id(&pool.id).username(&username).send().await;
            sent.map(|_| UserChange::Enabled { username, enabled: false }).map_err(problem)
        }
        UserAction::Delete { username } => {
            let sent = client.admin_delete_user().user_pool_id(&pool.id).username(&username).send().await;
            sent.map(|_| UserChange::Deleted(username)).map_err(problem)
        }
    };
    match done {
        Ok(change) => UsersReply::Done(change),
        Err(problem) => failed(None, &what, problem),
    }
}

fn problem<E, R>(err: aws_sdk_cognitoidentityprovider::error::SdkError<E, R>) -> Problem
where
    E: aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    action_problem(&err, Source::Users, HINTS)
}

async fn set_password(client: &Client, pool: &UserPool, username: &str, password: &SecretText) -> Result<(), Problem> {
    let sent = client
        .admin_set_user_password()
        .user_pool_id(&pool.id)
        .username(username)
        .password(password.expose())
        .permanent(true)
        .send()
        .await;
    sent.map(|_| ()).map_err(problem)
}

/// A user who can sign in at once: created without an invitation, its sign-in attribute
/// verified, then given its permanent password. When that second step fails the user is
/// deleted again, so nothing half-made is left; if even that fails, the pane is told of the
/// user as it is.
async fn create(client: &Client, pool: &UserPool, username: &str, password: &SecretText) -> UsersReply {
    let what = format!("create {username}");
    let mut request = client
        .admin_create_user()
        .user_pool_id(&pool.id)
        .username(username)
        .message_action(MessageActionType::Suppress);
    for (name, value) in verified_attributes(pool.sign_in, username) {
        match AttributeType::builder().name(name).value(value).build() {
            Ok(attribute) => request = request.user_attributes(attribute),
            Err(e) => return failed(None, &what, local_problem(e.to_string())),
        }
    }
    let created = match request.send().await {
        Ok(out) => out.user().map(user),
        Err(e) => return failed(None, &what, problem(e)),
    };
    let Some(mut created) = created else {
        return failed(None, &what, local_problem("Cognito answered without the user"));
    };
    match set_password(client, pool, &created.username, password).await {
        Ok(()) => {
            created.status = "CONFIRMED".into();
            UsersReply::Done(UserChange::Created(created))
        }
        Err(mut problem) => {
            let undone = client.admin_delete_user().user_pool_id(&pool.id).username(&created.username).send().await;
            problem.hint = match undone {
                Ok(_) => format!("{} (the half-made user was deleted again)", problem.hint),
                Err(_) => format!("{}; the user exists without a password: P sets one, X deletes it", problem.hint),
            };
            failed(None, &what, problem)
        }
    }
}

fn verified_attributes(sign_in: SignIn, username: &str) -> Vec<(&'static str, String)> {
    match sign_in {
        SignIn::Email => vec![("email", username.to_owned()), ("email_verified", "true".into())],
        SignIn::Phone => vec![("phone_number", username.to_owned()), ("phone_number_verified", "true".into())],
        SignIn::Username => Vec::new(),
    }
}

fn local_problem(message: impl Into<String>) -> Problem {
    Problem { source: Source::Users, kind: ProblemKind::Other, message: message.into(), hint: "try again".into() }
}

/// Signs in as `username` with the typed password and answers with its ID token: SRP when the
/// app client allows it (Amplify's default client does), else a password flow it allows; a
/// temporary password is made permanent on the way ([`Login::new_password`]).
async fn sign_in(client: &Client, pool: &UserPool, username: &str, password: &SecretText) -> UsersReply {
    match signed_in(client, pool, username, password).await {
        Ok(id_token) => UsersReply::SignedIn { username: username.to_owned(), id_token },
        Err(problem) => failed(None, &format!("sign in as {username}"), problem),
    }
}

async fn signed_in(
    client: &Client,
    pool: &UserPool,
    username: &str,
    password: &SecretText,
) -> Result<SecretText, Problem> {
    let app = app_client(client, pool).await?;
    let flow = pick(&app.flows).ok_or_else(|| no_flow(&app.flows))?;
    let login = Login { client, pool, app, password };
    let mut step = login.start(flow, username).await?;
    if step.challenge == Some(ChallengeNameType::NewPasswordRequired) {
        step = login.new_password(flow, step, username).await?;
    }
    step.token.ok_or_else(|| unanswered(step.challenge.as_ref()))
}

/// How ampdeck signs in with an app client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// `USER_SRP_AUTH`: the password is proven, not sent (unless it becomes a temporary-password
    /// user's permanent one).
    Srp,
    /// `ADMIN_USER_PASSWORD_AUTH`, with the developer's credentials.
    AdminPassword,
    /// `USER_PASSWORD_AUTH`.
    UserPassword,
}

/// SRP first: it is what the app's own sign-in does and what Amplify's default client allows.
/// The password flows are the fallback for a client that allows only those.
fn pick(flows: &[ExplicitAuthFlowsType]) -> Option<Flow> {
    use ExplicitAuthFlowsType as F;
    let has = |f: &[F]| flows.iter().any(|x| f.contains(x));
    // A client with no flows set allows SRP (Cognito's default), and so does one set with the
    // legacy names only, unless it is custom-auth only.
    let legacy = flows.iter().all(|f| !f.as_str().starts_with("ALLOW_"));
    if has(&[F::AllowUserSrpAuth]) || (legacy && !has(&[F::CustomAuthFlowOnly])) {
        Some(Flow::Srp)
    } else if has(&[F::AllowAdminUserPasswordAuth, F::AdminNoSrpAuth]) {
        Some(Flow::AdminPassword)
    } else if has(&[F::AllowUserPasswordAuth, F::UserPasswordAuth]) {
        Some(Flow::UserPassword)
    } else {
        None
    }
}

/// What sign-in needs of the app client.
struct AppClient {
    id: String,
    /// A confidential client's secret: every call then carries `SECRET_HASH`.
    secret: Option<SecretText>,
    flows: Vec<ExplicitAuthFlowsType>,
}

async fn app_client(client: &Client, pool: &UserPool) -> Result<AppClient, Problem> {
    let Some(id) = pool.client_id.clone() else {
        return Err(flow_problem("the backend has no app client (webClientId output)"));
    };
    let described = client.describe_user_pool_client().user_pool_id(&pool.id).client_id(&id).send().await;
    let described = described.map_err(problem)?;
    let app = described.user_pool_client();
    let flows = app.map(|c| c.explicit_auth_flows().to_vec()).unwrap_or_default();
    let secret = app.and_then(|c| c.client_secret()).map(SecretText::new);
    Ok(AppClient { id, secret, flows })
}

/// Where a sign-in stands after a call: the ID token, or the challenge Cognito asks for.
/// No `Debug`: it holds the token and the session.
struct Step {
    token: Option<SecretText>,
    challenge: Option<ChallengeNameType>,
    session: Option<String>,
    parameters: HashMap<String, String>,
}

impl Step {
    fn parameter(&self, name: &str) -> Result<&str, Problem> {
        let challenge = self.challenge.as_ref().map(|c| c.as_str()).unwrap_or("the challenge");
        let missing = || local_problem(format!("Cognito's {challenge} lacks {name}"));
        self.parameters.get(name).map(String::as_str).ok_or_else(missing)
    }
}

/// The answers of the four calls a sign-in makes, read the same way.
trait Answer {
    fn step(&self) -> Step;
}

macro_rules! answers {
    ($($output:ty),*) => {$(
        impl Answer for $output {
            fn step(&self) -> Step {
                Step {
                    token: self.authentication_result().and_then(|r| r.id_token()).map(SecretText::new),
                    challenge: self.challenge_name().cloned(),
                    session: self.session().map(str::to_owned),
                    parameters: self.challenge_parameters().cloned().unwrap_or_default(),
                }
            }
        }
    )*};
}

answers!(InitiateAuthOutput, AdminInitiateAuthOutput, RespondToAuthChallengeOutput, AdminRespondToAuthChallengeOutput);

/// One sign-in: the app client, the pool and the typed password.
struct Login<'a> {
    client: &'a Client,
    pool: &'a UserPool,
    app: AppClient,
    password: &'a SecretText,
}

impl Login<'_> {
    async fn start(&self, flow: Flow, username: &str) -> Result<Step, Problem> {
        match flow {
            Flow::Srp => self.srp(username).await,
            Flow::AdminPassword | Flow::UserPassword => self.with_password(flow, username).await,
        }
    }

    /// `USERNAME`, with `SECRET_HASH` when the client has a secret: Cognito checks the hash
    /// against the very name sent beside it, so each call makes its own.
    fn as_user(&self, username: &str) -> Result<HashMap<String, String>, Problem> {
        let mut parameters = HashMap::from([("USERNAME".to_owned(), username.to_owned())]);
        if let Some(secret) = &self.app.secret {
            let hash = srp::secret_hash(secret.expose(), username, &self.app.id).map_err(srp_problem)?;
            parameters.insert("SECRET_HASH".into(), hash);
        }
        Ok(parameters)
    }

    async fn with_password(&self, flow: Flow, username: &str) -> Result<Step, Problem> {
        let mut parameters = self.as_user(username)?;
        parameters.insert("PASSWORD".into(), self.password.expose().to_owned());
        if flow == Flow::AdminPassword {
            let request = self.client.admin_initiate_auth().user_pool_id(&self.pool.id);
            let request = request.auth_flow(AuthFlowType::AdminUserPasswordAuth);
            let sent = request.client_id(&self.app.id).set_auth_parameters(Some(parameters)).send().await;
            return sent.map(|o| o.step()).map_err(problem);
        }
        let request = self.client.initiate_auth().auth_flow(AuthFlowType::UserPasswordAuth);
        let sent = request.client_id(&self.app.id).set_auth_parameters(Some(parameters)).send().await;
        sent.map(|o| o.step()).map_err(problem)
    }

    /// `USER_SRP_AUTH`: `A` out, Cognito's `PASSWORD_VERIFIER` challenge back, the claim out.
    async fn srp(&self, username: &str) -> Result<Step, Problem> {
        let srp = Srp::new().map_err(srp_problem)?;
        let mut parameters = self.as_user(username)?;
        parameters.insert("SRP_A".into(), srp.public_hex());
        let request = self.client.initiate_auth().auth_flow(AuthFlowType::UserSrpAuth);
        let sent = request.client_id(&self.app.id).set_auth_parameters(Some(parameters)).send().await;
        let step = sent.map(|o| o.step()).map_err(problem)?;
        if step.challenge != Some(ChallengeNameType::PasswordVerifier) {
            return Ok(step);
        }
        self.claim(&srp, step).await
    }

    /// Answers `PASSWORD_VERIFIER` as `USER_ID_FOR_SRP` (Cognito's internal name, which the
    /// verifier was made with), not as the name typed.
    async fn claim(&self, srp: &Srp, step: Step) -> Result<Step, Problem> {
        let (user_id, block) = (step.parameter("USER_ID_FOR_SRP")?, step.parameter("SECRET_BLOCK")?);
        let timestamp = srp::timestamp(timefmt::now_epoch_ms().div_euclid(1000));
        let claim = srp::Claim {
            pool_id: &self.pool.id,
            user_id,
            password: self.password.expose(),
            salt: step.parameter("SALT")?,
            server_b: step.parameter("SRP_B")?,
            secret_block: block,
            timestamp: &timestamp,
        };
        let signature = srp.signature(&claim).map_err(srp_problem)?;
        let mut answer = self.as_user(user_id)?;
        answer.insert("PASSWORD_CLAIM_SIGNATURE".into(), signature);
        answer.insert("PASSWORD_CLAIM_SECRET_BLOCK".into(), block.to_owned());
        answer.insert("TIMESTAMP".into(), timestamp);
        self.respond(Flow::Srp, ChallengeNameType::PasswordVerifier, answer, step.session.clone()).await
    }

    /// A user created with a temporary password (`FORCE_CHANGE_PASSWORD`) gets no tokens
    /// before it chooses a new one. Cognito has just accepted the typed password as the
    /// temporary one, so that same text is sent as the new, permanent password: the user ends
    /// confirmed with the password the developer typed and will type again, and it is what the
    /// app's own sign-in does (a new password in answer to the challenge), with no admin call
    /// and no second sign-in. A pool that refuses it (its policy) says so, with `P` as the way out.
    async fn new_password(&self, flow: Flow, step: Step, username: &str) -> Result<Step, Problem> {
        // The name the challenge asks by: USER_ID_FOR_SRP on AWS, USERNAME on emulators.
        let asked = ["USER_ID_FOR_SRP", "USERNAME"].iter().find_map(|k| step.parameters.get(*k));
        let mut answer = self.as_user(asked.map_or(username, String::as_str))?;
        answer.insert("NEW_PASSWORD".into(), self.password.expose().to_owned());
        let answered = self.respond(flow, ChallengeNameType::NewPasswordRequired, answer, step.session).await;
        answered.map_err(|mut problem| {
            problem.hint = format!("{} (the user has a temporary password; P sets a permanent one)", problem.hint);
            problem
        })
    }

    /// A challenge answered the way the sign-in began: the admin flow's session only answers
    /// to the admin call.
    async fn respond(
        &self,
        flow: Flow,
        challenge: ChallengeNameType,
        answer: HashMap<String, String>,
        session: Option<String>,
    ) -> Result<Step, Problem> {
        if flow == Flow::AdminPassword {
            let request = self.client.admin_respond_to_auth_challenge().user_pool_id(&self.pool.id);
            let request = request.client_id(&self.app.id).challenge_name(challenge).set_session(session);
            let sent = request.set_challenge_responses(Some(answer)).send().await;
            return sent.map(|o| o.step()).map_err(problem);
        }
        let request = self.client.respond_to_auth_challenge().client_id(&self.app.id);
        let request = request.challenge_name(challenge).set_session(session);
        let sent = request.set_challenge_responses(Some(answer)).send().await;
        sent.map(|o| o.step()).map_err(problem)
    }
}

/// A challenge ampdeck does not answer (MFA, custom auth) is told apart from a failure.
fn unanswered(challenge: Option<&ChallengeNameType>) -> Problem {
    let challenge = challenge.map(|c| c.as_str()).unwrap_or("a challenge");
    let mut problem = local_problem(format!("Cognito asks for {challenge} before signing in"));
    problem.hint = "ampdeck answers the password check and NEW_PASSWORD_REQUIRED only: sign in from the app".into();
    problem
}

fn no_flow(flows: &[ExplicitAuthFlowsType]) -> Problem {
    let allowed: Vec<&str> = flows.iter().map(|f| f.as_str()).collect();
    flow_problem(format!(
        "the app client allows no sign-in ampdeck can use (it allows {}): ALLOW_USER_SRP_AUTH is missing",
        allowed.join(", ")
    ))
}

fn srp_problem(e: srp::SrpError) -> Problem {
    local_problem(format!("SRP sign-in: {e}"))
}

fn flow_problem(message: impl Into<String>) -> Problem {
    Problem {
        source: Source::Users,
        kind: ProblemKind::Other,
        message: message.into(),
        hint: "allow it in backend.ts: backend.auth.resources.cfnResources.cfnUserPoolClient.explicitAuthFlows = \
               ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] (Amplify's default), then deploy"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flows(names: &[&str]) -> Vec<ExplicitAuthFlowsType> {
        names.iter().map(|n| ExplicitAuthFlowsType::from(*n)).collect()
    }

    #[test]
    fn srp_comes_first_and_the_password_flows_are_the_fallback() {
        let amplify = flows(&["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        assert_eq!(pick(&amplify), Some(Flow::Srp));
        let both = flows(&["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        assert_eq!(pick(&both), Some(Flow::Srp));
        assert_eq!(pick(&flows(&["ALLOW_ADMIN_USER_PASSWORD_AUTH"])), Some(Flow::AdminPassword));
        assert_eq!(pick(&flows(&["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])), Some(Flow::UserPassword));
        assert_eq!(pick(&flows(&["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])), None);
    }

    #[test]
    fn a_client_without_flows_or_with_legacy_ones_allows_srp_as_cognito_does() {
        assert_eq!(pick(&[]), Some(Flow::Srp));
        assert_eq!(pick(&flows(&["ADMIN_NO_SRP_AUTH"])), Some(Flow::Srp));
        assert_eq!(pick(&flows(&["CUSTOM_AUTH_FLOW_ONLY"])), None);
    }
}
