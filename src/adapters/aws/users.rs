//! The [`Users`] port on Cognito: `ListUsers` a page at a time, groups with their members,
//! and the admin actions. Each request runs as its own task on a client made on first use,
//! and answers with exactly one reply. Passwords and tokens go to the API and back to the
//! core only, as [`SecretText`]; nothing here logs them.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, ExplicitAuthFlowsType, MessageActionType, UserType,
};

use super::client::{Connection, action_problem};
use super::on_demand::{OnDemand, pages};
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::users::{
    Group, MAX_MEMBERS, SignIn, User, UserAction, UserChange, UserPool, UsersReply, UsersRequest,
};
use crate::ports::{Sink, Users};

/// Cognito's largest page.
const PAGE: i32 = 60;

/// What to do about the errors Cognito names.
const HINTS: &[(&str, &str)] = &[
    ("ResourceNotFound", "the user pool is gone: deploy again (d), or follow another environment"),
    ("UserNotFound", "the user is gone: r reloads the list"),
    ("UsernameExists", "a user with that name exists: pick another name"),
    ("InvalidPassword", "the password breaks the pool's policy: pick a stronger one"),
    ("NotAuthorized", "wrong password, or the user is disabled (e enables it)"),
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

/// Signs in with a password flow the app client allows: the admin flow, else the client's
/// `USER_PASSWORD_AUTH`. A client that allows neither (Amplify's default allows SRP and
/// custom auth only) is told apart from a failure, with what to add.
async fn sign_in(client: &Client, pool: &UserPool, username: &str, password: &SecretText) -> UsersReply {
    let what = format!("sign in as {username}");
    let Some(client_id) = &pool.client_id else {
        return failed(None, &what, flow_problem("the backend has no app client (webClientId output)"));
    };
    let described = client.describe_user_pool_client().user_pool_id(&pool.id).client_id(client_id).send().await;
    let app = match described {
        Ok(out) => out.user_pool_client().cloned(),
        Err(e) => return failed(None, &what, problem(e)),
    };
    let flows = app.as_ref().map(|c| c.explicit_auth_flows().to_vec()).unwrap_or_default();
    if app.as_ref().and_then(|c| c.client_secret()).is_some() {
        return failed(
            None,
            &what,
            flow_problem("the app client has a secret; ampdeck signs in with public clients only"),
        );
    }
    let allows = |f: &[ExplicitAuthFlowsType]| flows.iter().any(|x| f.contains(x));
    let result = if allows(&[ExplicitAuthFlowsType::AllowAdminUserPasswordAuth, ExplicitAuthFlowsType::AdminNoSrpAuth])
    {
        client
            .admin_initiate_auth()
            .user_pool_id(&pool.id)
            .client_id(client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password.expose())
            .send()
            .await
            .map(|o| signed(o.authentication_result(), o.challenge_name()))
            .map_err(problem)
    } else if allows(&[ExplicitAuthFlowsType::AllowUserPasswordAuth, ExplicitAuthFlowsType::UserPasswordAuth]) {
        client
            .initiate_auth()
            .client_id(client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password.expose())
            .send()
            .await
            .map(|o| signed(o.authentication_result(), o.challenge_name()))
            .map_err(problem)
    } else {
        let allowed: Vec<&str> = flows.iter().map(|f| f.as_str()).collect();
        return failed(
            None,
            &what,
            flow_problem(format!(
                "the app client allows no password sign-in (it allows {}): ALLOW_ADMIN_USER_PASSWORD_AUTH is missing",
                if allowed.is_empty() { "nothing".into() } else { allowed.join(", ") }
            )),
        );
    };
    match result {
        Ok((Some(token), _)) => {
            UsersReply::SignedIn { username: username.to_owned(), id_token: SecretText::new(token) }
        }
        Ok((None, challenge)) => {
            let challenge = challenge.map(|c| c.as_str().to_owned()).unwrap_or_else(|| "a challenge".into());
            let mut problem = local_problem(format!("Cognito asks for {challenge} before signing in"));
            problem.hint = "P sets a permanent password, which ends NEW_PASSWORD_REQUIRED".into();
            failed(None, &what, problem)
        }
        Err(problem) => failed(None, &what, problem),
    }
}

/// The ID token of a sign-in, or the challenge Cognito asks for first.
fn signed(
    result: Option<&aws_sdk_cognitoidentityprovider::types::AuthenticationResultType>,
    challenge: Option<&aws_sdk_cognitoidentityprovider::types::ChallengeNameType>,
) -> (Option<String>, Option<aws_sdk_cognitoidentityprovider::types::ChallengeNameType>) {
    (result.and_then(|r| r.id_token()).map(str::to_owned), challenge.cloned())
}

fn flow_problem(message: impl Into<String>) -> Problem {
    Problem {
        source: Source::Users,
        kind: ProblemKind::Other,
        message: message.into(),
        hint: "allow it in backend.ts: backend.auth.resources.cfnResources.cfnUserPoolClient.explicitAuthFlows = \
               ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], then deploy"
            .into(),
    }
}
