//! Amplify environments found by their root stack's tags: every root stack of an Amplify
//! backend has `created-by=amplify` and `amplify:deployment-type`; branch environments add
//! `amplify:branch-name` and `amplify:app-id`.

use super::stack_name::parse_stack_name;
use crate::domain::env::{EnvKind, Environment};
use crate::util::sanitize::sanitize;

/// A root stack as discovery sees it.
pub struct RootStack<'a> {
    pub name: &'a str,
    pub status: &'a str,
    pub updated_ms: i64,
    pub tag: &'a dyn Fn(&str) -> Option<&'a str>,
}

/// The environment `stack` is, if it is one of Amplify's.
pub fn environment(stack: &RootStack<'_>, my_stack: &str) -> Option<Environment> {
    let tag = stack.tag;
    if tag("created-by") != Some("amplify") && tag("amplify:deployment-type").is_none() {
        return None;
    }
    let kind = EnvKind::parse(tag("amplify:deployment-type")?)?;
    let stack_name = sanitize(stack.name).into_owned();
    let name = match (kind, tag("amplify:branch-name")) {
        (EnvKind::Branch | EnvKind::Standalone, Some(branch)) => sanitize(branch).into_owned(),
        _ => parse_stack_name(&stack_name).map_or_else(|| stack_name.clone(), |p| p.name.to_owned()),
    };
    Some(Environment {
        name,
        kind,
        status: stack.status.to_owned(),
        updated_ms: stack.updated_ms,
        mine: stack_name == my_stack,
        app_id: tag("amplify:app-id").map(|a| sanitize(a).into_owned()),
        stack_name,
    })
}

/// Yours first, then by kind and name.
pub fn sort(envs: &mut [Environment]) {
    envs.sort_by(|a, b| b.mine.cmp(&a.mine).then(a.kind.cmp(&b.kind)).then(a.name.cmp(&b.name)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(name: &str, tags: &[(&str, &str)]) -> Option<Environment> {
        let tag = |key: &str| tags.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let stack = RootStack { name, status: "UPDATE_COMPLETE", updated_ms: 0, tag: &tag };
        environment(&stack, "amplify-app-root-sandbox-1496b9051c")
    }

    #[test]
    fn tags_say_the_kind_and_the_branch_name() {
        let sandbox = [("created-by", "amplify"), ("amplify:deployment-type", "sandbox")];
        let mine = found("amplify-app-root-sandbox-1496b9051c", &sandbox).expect("sandbox");
        assert_eq!((mine.name.as_str(), mine.kind, mine.mine), ("root", EnvKind::Sandbox, true));
        let branch = found(
            "amplify-d1abc-featurelogin-branch-abcdef0123",
            &[
                ("amplify:deployment-type", "branch"),
                ("amplify:branch-name", "feature/login"),
                ("amplify:app-id", "d1abc"),
            ],
        )
        .expect("branch");
        assert_eq!((branch.name.as_str(), branch.app_id.as_deref()), ("feature/login", Some("d1abc")));
        assert!(found("other", &[("team", "x")]).is_none());
        assert!(found("odd", &[("created-by", "amplify"), ("amplify:deployment-type", "weird")]).is_none());
    }
}
