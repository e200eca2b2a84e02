//! A description without tags, grouped by its paths. Stripe's has no tags: every build of its crate
//! compiles all of it (about 30 s to check), though a user of charges needs none of treasury or issuing.
//! Each operation's group is the first segment of its path after those every path starts with,
//! parameters skipped (`/v1/customers/{customer}/sources` → `customers`). With
//! [`Settings::group_by_path`](crate::Settings) (`--group-by-path`) the group is the operation's tag
//! from then on: a feature of its own (`tag-stripe-customers`), a name for `--tag`, a module of its
//! own, as a tag the spec wrote would be; Stripe's one-group builds check in 7–10 s (`charges`,
//! `customers`). Without it, a note says what the setting would make.
//!
//! A group is inferred, not written: the run says so in a note (`tags-from-paths`) either way. Where
//! the paths give fewer than two groups (all under `/Accounts`, as Twilio's), there is nothing to
//! group: one feature would be all of it again. An operation whose path has no segment of its own
//! (`/v1`) has no group, and is in the feature of the untagged ones.

use std::collections::BTreeSet;
use std::path::Path;

use super::reach::tag_feature_prefix;
use crate::diagnostic::Warning;
use crate::model::Operation;
use crate::settings::{Layout, Settings};

/// The groups of a description without tags.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PathGroups {
    /// The segments every path starts with (`/v1`), empty for none.
    pub prefix: String,
    /// The groups, sorted.
    pub groups: Vec<String>,
    /// Each operation's group, in the order of the operations.
    of_operations: Vec<Option<String>>,
}

/// The groups the paths of `operations` give; `None` where an operation has a tag, or the paths give
/// fewer than two groups.
pub(crate) fn path_groups(operations: &[Operation]) -> Option<PathGroups> {
    if operations.is_empty() || operations.iter().any(|op| !op.tags.is_empty()) {
        return None;
    }
    let paths: Vec<Vec<&str>> = operations.iter().map(|op| segments(&op.path.raw)).collect();
    let prefix = common_prefix(&paths);
    let of_operations: Vec<Option<String>> =
        paths.iter().map(|path| group(&path[prefix..])).collect();
    let groups: BTreeSet<&String> = of_operations.iter().flatten().collect();
    if groups.len() < 2 {
        return None;
    }
    Some(PathGroups {
        prefix: paths[0][..prefix]
            .iter()
            .map(|segment| format!("/{segment}"))
            .collect(),
        groups: groups.into_iter().cloned().collect(),
        of_operations,
    })
}

impl PathGroups {
    /// Gives each operation its group as its tag (the operations [`path_groups`] was given).
    pub(crate) fn apply(self, operations: &mut [Operation]) {
        for (op, group) in operations.iter_mut().zip(self.of_operations) {
            op.tags.extend(group);
        }
    }

    /// The note (in `file`, of the API `module`) that the operations are grouped by their paths, or
    /// would be with `--group-by-path` ([`Settings::group_by_path`]).
    pub(crate) fn note(&self, file: &Path, module: &str, settings: &Settings) -> Warning {
        let n = self.groups.len();
        let examples: Vec<String> = self
            .groups
            .iter()
            .take(3)
            .map(|g| format!("`{g}`"))
            .collect();
        let more = if n > 3 { ", …" } else { "" };
        let after = match self.prefix.as_str() {
            "" => String::new(),
            prefix => format!(" after `{prefix}`"),
        };
        // Files included into another crate have no features (see `reach`): a group is a tag to
        // select.
        let each = match settings.layout {
            Layout::Crate => format!("each a feature (`{}<group>`)", tag_feature_prefix(module)),
            Layout::Included => "each a tag to generate alone".to_string(),
        };
        let groups = format!(
            "grouped by the first segment of their paths{after} into {n} tags ({}{more}), {each}",
            examples.join(", "),
        );
        let message = if settings.group_by_path {
            format!(
                "the description has no tags: its operations are {groups}, and a name for `--tag`"
            )
        } else {
            format!("the description has no tags, so every build compiles all of it; with `--group-by-path` its operations are {groups}")
        };
        Warning::info(file, "/paths", "tags-from-paths", message)
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn is_parameter(segment: &str) -> bool {
    segment.contains('{')
}

/// How many leading segments every path has, the same and none a parameter.
fn common_prefix(paths: &[Vec<&str>]) -> usize {
    let Some(first) = paths.first() else {
        return 0;
    };
    let mut n = 0;
    while n < first.len()
        && !is_parameter(first[n])
        && paths.iter().all(|path| path.get(n) == Some(&first[n]))
    {
        n += 1;
    }
    n
}

/// The group of a path's segments after the prefix: the first that is not a parameter, without a file
/// extension (Twilio's `Calls.json` is `Calls`); `None` when there is none.
fn group(rest: &[&str]) -> Option<String> {
    let segment = rest.iter().find(|s| !is_parameter(s))?;
    let name = match segment.rsplit_once('.') {
        // `json`, `xml`, `csv`: short, lowercase (AWS's `…Service.CreateMonitor` is not one).
        Some((name, extension))
            if !name.is_empty()
                && (1..=4).contains(&extension.len())
                && extension.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            name
        }
        _ => segment,
    };
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operations(paths: &[&str]) -> Vec<Operation> {
        paths
            .iter()
            .map(|path| super::super::test_operation(path))
            .collect()
    }

    fn tags(operations: &[Operation]) -> Vec<Vec<String>> {
        operations.iter().map(|op| op.tags.clone()).collect()
    }

    #[test]
    fn operations_are_grouped_by_the_first_segment_after_the_common_prefix() {
        let mut ops = operations(&[
            "/v1/customers",
            "/v1/customers/{customer}/sources",
            "/v1/charges/{charge}",
            "/v1/{account}/payment_intents.json",
            "/v1",
        ]);
        let groups = path_groups(&ops).unwrap();
        assert_eq!(groups.prefix, "/v1");
        assert_eq!(groups.groups, ["charges", "customers", "payment_intents"]);
        assert!(
            ops.iter().all(|op| op.tags.is_empty()),
            "finding them changes nothing"
        );
        groups.apply(&mut ops);
        let expected: Vec<Vec<String>> = [
            vec!["customers"],
            vec!["customers"],
            vec!["charges"],
            vec!["payment_intents"],
            vec![],
        ]
        .iter()
        .map(|tags| tags.iter().map(|t| t.to_string()).collect())
        .collect();
        assert_eq!(tags(&ops), expected);
    }

    #[test]
    fn a_description_with_tags_or_with_one_group_has_no_groups() {
        let mut ops = operations(&["/pets", "/stores"]);
        ops[1].tags = vec!["store".to_string()];
        assert_eq!(path_groups(&ops), None);

        let ops = operations(&[
            "/2010-04-01/Accounts.json",
            "/2010-04-01/Accounts/{sid}/Calls.json",
        ]);
        assert_eq!(path_groups(&ops), None);
    }

    #[test]
    fn a_parameter_ends_the_prefix() {
        let ops = operations(&["/{tenant}/users", "/{tenant}/groups/{id}"]);
        let groups = path_groups(&ops).unwrap();
        assert_eq!(groups.prefix, "");
        assert_eq!(groups.groups, ["groups", "users"]);
        // What follows a dot is an extension only when it looks like one.
        let ops = operations(&[
            "/#X-Amz-Target=Service.CreateMonitor",
            "/#X-Amz-Target=Service.Get",
        ]);
        let groups = path_groups(&ops).unwrap();
        assert_eq!(
            groups.groups,
            [
                "#X-Amz-Target=Service.CreateMonitor",
                "#X-Amz-Target=Service.Get"
            ]
        );
    }
}
