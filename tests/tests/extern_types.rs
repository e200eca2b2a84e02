//! Schemas mapped to types of existing crates with `x-rust-type` (`tests/fixtures/specs/plain-api`): the
//! generated code holds those types (this file would not compile otherwise; the request's `owner` query
//! parameter is a `uuid::Uuid` too, which the server adapter reads with its `FromStr` when the crate is
//! built with `server`), and they (de)serialize as the schema says.

use std::collections::HashMap;

use serde_json::json;
use tests::plain_api;

#[test]
fn a_field_of_a_mapped_schema_is_the_existing_type() {
    let owner = uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
    let thing: plain_api::Thing = tests::assert_round_trip(&json!({
        "name": "ting",
        "owner": owner.to_string(),
        "labels": {"farge": "blå"},
    }));
    let labels: Option<HashMap<String, String>> = thing.labels;
    assert_eq!(
        labels,
        Some(HashMap::from([("farge".into(), "blå".into())]))
    );
    assert_eq!(thing.owner, Some(owner));
}
