//! The live resource tree: stacks, their resources and nested stacks, with the latest status
//! of each, built from stack events (nested stacks are linked through the parent's
//! `AWS::CloudFormation::Stack` resource whose physical id is the child's stack id).

use std::collections::{HashMap, HashSet};

use crate::amplify::functions::friendly_logical_id;
use crate::domain::stack::StackEvent;

#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    pub physical_id: String,
    pub updated_ms: i64,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub id: String,
    pub name: String,
    pub status: String,
    pub reason: Option<String>,
    pub updated_ms: i64,
    resources: Vec<Resource>,
    index: HashMap<String, usize>,
}

impl Stack {
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }
}

#[derive(Debug, Default, Clone)]
pub struct ResourceTree {
    stacks: Vec<Stack>,
    by_id: HashMap<String, usize>,
    /// Stack name → index: some emulators name a nested stack in its parent by name, not ARN.
    by_name: HashMap<String, usize>,
    /// Child stack id → (parent stack index, logical id in the parent).
    parents: HashMap<String, (usize, String)>,
}

/// One visible line of the flattened tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    pub depth: u16,
    /// Stable key for collapse state: the stack id for stacks.
    pub key: String,
    pub label: String,
    pub resource_type: String,
    pub status: String,
    pub physical_id: String,
    pub updated_ms: i64,
    pub reason: Option<String>,
    /// `Some(collapsed)` for stacks.
    pub stack: Option<bool>,
    /// The stack the row belongs to (its own id for stacks).
    pub stack_id: String,
}

impl ResourceTree {
    pub fn is_empty(&self) -> bool {
        self.stacks.is_empty()
    }

    pub fn stacks(&self) -> &[Stack] {
        &self.stacks
    }

    pub fn resource_count(&self) -> usize {
        self.stacks.iter().map(|s| s.resources.len()).sum()
    }

    pub fn apply(&mut self, ev: &StackEvent) {
        // Nothing to key a resource without a logical id by (emulators produce such rows).
        if ev.logical_id.is_empty() || ev.stack_id.is_empty() {
            return;
        }
        let idx = self.stack_index(&ev.stack_id, &ev.stack_name);
        if ev.is_stack_self() {
            let stack = &mut self.stacks[idx];
            stack.status.clone_from(&ev.status);
            stack.reason.clone_from(&ev.reason);
            stack.updated_ms = ev.timestamp_ms;
            return;
        }
        if ev.resource_type == "AWS::CloudFormation::Stack" && !ev.physical_id.is_empty() {
            self.parents.insert(ev.physical_id.clone(), (idx, ev.logical_id.clone()));
        }
        let stack = &mut self.stacks[idx];
        let slot = match stack.index.get(&ev.logical_id) {
            Some(&i) => i,
            None => {
                stack.index.insert(ev.logical_id.clone(), stack.resources.len());
                stack.resources.push(Resource {
                    logical_id: ev.logical_id.clone(),
                    resource_type: ev.resource_type.clone(),
                    status: String::new(),
                    physical_id: String::new(),
                    updated_ms: 0,
                    reason: None,
                });
                stack.resources.len() - 1
            }
        };
        let res = &mut stack.resources[slot];
        res.status.clone_from(&ev.status);
        res.reason.clone_from(&ev.reason);
        res.updated_ms = ev.timestamp_ms;
        if !ev.physical_id.is_empty() {
            res.physical_id.clone_from(&ev.physical_id);
        }
    }

    fn stack_index(&mut self, id: &str, name: &str) -> usize {
        if let Some(&i) = self.by_id.get(id) {
            return i;
        }
        self.by_id.insert(id.to_owned(), self.stacks.len());
        self.by_name.entry(name.to_owned()).or_insert(self.stacks.len());
        self.stacks.push(Stack {
            id: id.to_owned(),
            name: name.to_owned(),
            status: String::new(),
            reason: None,
            updated_ms: 0,
            resources: Vec::new(),
            index: HashMap::new(),
        });
        self.stacks.len() - 1
    }

    pub fn root(&self) -> Option<&Stack> {
        self.stacks.iter().find(|s| !self.is_nested(s))
    }

    fn is_nested(&self, stack: &Stack) -> bool {
        self.parents.contains_key(&stack.id) || self.parents.contains_key(&stack.name)
    }

    /// Depth-first rows; the contents of collapsed stacks are left out.
    pub fn rows(&self, collapsed: &HashSet<String>) -> Vec<TreeRow> {
        let mut rows = Vec::with_capacity(self.resource_count() + self.stacks.len());
        let mut seen = HashSet::new();
        for (i, stack) in self.stacks.iter().enumerate() {
            if !self.is_nested(stack) {
                let row = stack_row(stack, stack.name.clone(), 0, collapsed);
                self.push_stack(i, row, collapsed, &mut rows, &mut seen);
            }
        }
        rows
    }

    fn push_stack(
        &self,
        idx: usize,
        row: TreeRow,
        collapsed: &HashSet<String>,
        rows: &mut Vec<TreeRow>,
        seen: &mut HashSet<usize>,
    ) {
        if !seen.insert(idx) {
            return; // a malformed parent loop must not recurse forever
        }
        let depth = row.depth;
        let folded = row.stack == Some(true);
        rows.push(row);
        if folded {
            return;
        }
        let stack = &self.stacks[idx];
        for res in &stack.resources {
            let child = self.by_id.get(&res.physical_id).or_else(|| self.by_name.get(&res.physical_id));
            match child.filter(|_| res.resource_type == "AWS::CloudFormation::Stack") {
                Some(&child) => {
                    let child_stack = &self.stacks[child];
                    let mut row =
                        stack_row(child_stack, friendly_logical_id(&res.logical_id).to_owned(), depth + 1, collapsed);
                    if child_stack.status.is_empty() {
                        row.status.clone_from(&res.status);
                    }
                    self.push_stack(child, row, collapsed, rows, seen);
                }
                None => rows.push(TreeRow {
                    depth: depth + 1,
                    key: format!("{}/{}", stack.id, res.logical_id),
                    stack_id: stack.id.clone(),
                    label: res.logical_id.clone(),
                    resource_type: res.resource_type.clone(),
                    status: res.status.clone(),
                    physical_id: res.physical_id.clone(),
                    updated_ms: res.updated_ms,
                    reason: res.reason.clone(),
                    stack: None,
                }),
            }
        }
    }
}

fn stack_row(stack: &Stack, label: String, depth: u16, collapsed: &HashSet<String>) -> TreeRow {
    TreeRow {
        depth,
        key: stack.id.clone(),
        stack_id: stack.id.clone(),
        label,
        resource_type: "AWS::CloudFormation::Stack".into(),
        status: stack.status.clone(),
        physical_id: stack.name.clone(),
        updated_ms: stack.updated_ms,
        reason: stack.reason.clone(),
        stack: Some(collapsed.contains(&stack.id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deploy::ToolkitMessage;

    pub(crate) fn events(stream: &str) -> Vec<StackEvent> {
        stream.lines().filter_map(|l| ToolkitMessage::parse(l).ok()?.event).collect()
    }

    #[test]
    fn new_deployment_builds_the_nested_tree() {
        let mut tree = ResourceTree::default();
        for ev in events(include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl")) {
            tree.apply(&ev);
        }
        let rows = tree.rows(&HashSet::new());
        let root = &rows[0];
        assert_eq!((root.depth, root.status.as_str()), (0, "CREATE_COMPLETE"));
        let nested: Vec<_> =
            rows.iter().filter(|r| r.stack.is_some() && r.depth == 1).map(|r| r.label.as_str()).collect();
        assert!(nested.contains(&"auth") && nested.contains(&"data"), "{nested:?}");
        assert!(rows.iter().any(|r| r.depth == 2 && r.resource_type == "AWS::Cognito::UserPool"));
        assert!(rows.iter().filter(|r| r.stack.is_none()).all(|r| r.status == "CREATE_COMPLETE"));
    }

    #[test]
    fn collapsing_a_stack_hides_its_contents() {
        let mut tree = ResourceTree::default();
        for ev in events(include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl")) {
            tree.apply(&ev);
        }
        let all = tree.rows(&HashSet::new());
        let auth = all.iter().find(|r| r.label == "auth").expect("auth stack").key.clone();
        let folded = tree.rows(&HashSet::from([auth]));
        assert!(folded.len() < all.len());
        assert!(!folded.iter().any(|r| r.resource_type == "AWS::Cognito::UserPool"));
    }

    #[test]
    fn a_nested_stack_named_by_name_in_its_parent_still_nests() {
        let event = |stack_id: &str, stack: &str, logical: &str, physical: &str, kind: &str| StackEvent {
            stack_id: stack_id.into(),
            stack_name: stack.into(),
            event_id: String::new(),
            logical_id: logical.into(),
            physical_id: physical.into(),
            resource_type: kind.into(),
            timestamp_ms: 1,
            status: "CREATE_COMPLETE".into(),
            reason: None,
        };
        let mut tree = ResourceTree::default();
        tree.apply(&event("arn:root", "root", "auth1234ABCD", "root-auth-X", "AWS::CloudFormation::Stack"));
        tree.apply(&event("arn:root-auth-X", "root-auth-X", "Pool", "p", "AWS::Cognito::UserPool"));
        let rows = tree.rows(&HashSet::new());
        assert_eq!(rows.iter().filter(|r| r.depth == 0).count(), 1, "{rows:?}");
        assert!(rows.iter().any(|r| r.depth == 2 && r.label == "Pool"));
        assert_eq!(tree.root().map(|r| r.name.as_str()), Some("root"));
    }
}
