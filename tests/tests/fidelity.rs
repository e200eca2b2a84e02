//! The output of `tests/fixtures/specs/fidelity-api` read as its user would: every type the spec gives
//! is there, named after the spec or after itself, never after somebody else; what the generator cannot
//! keep is a warning at the place.

use serde_json::json;
use tests::assert_round_trip;
use tests::fidelity_api::{
    CollaborationItem, CompletionRequest, Event, EventCreated, EventDeleted, File, FileType,
    ListPodsRequest, PendingOrRunning, Pod, ReasonsItem, SharedFile,
};

#[test]
fn scalars_with_keywords_of_another_type_keep_their_type() {
    // Kubernetes' list parameters (`{type: boolean, uniqueItems: true}`): `bool` and `i64`, not text.
    let request = ListPodsRequest {
        watch: Some(true),
        limit: Some(500),
        timeout_seconds: Some(30),
        label_selector: Some("app=web".to_string()),
        // A list under a name of its own is a list of its items.
        reasons: vec![ReasonsItem::Spam],
    };
    assert_eq!(request.limit, Some(500));
}

#[test]
fn an_int64_with_bounds_outside_its_range_is_an_i64() {
    let request: CompletionRequest =
        assert_round_trip(&json!({"model": "m", "seed": i64::MIN, "options": {"stream": true}}));
    assert_eq!(request.seed, Some(i64::MIN));
    assert_eq!(request.options.and_then(|o| o.stream), Some(true));
}

#[test]
fn a_type_beside_one_of_is_the_union_of_its_members_picked_by_the_property_each_fixes() {
    // Box's `CollaborationItem`: `type: object` beside `oneOf: [File, Folder]`, no discriminator, but
    // each member's required `type` allows one value: the value picks the member (an untagged union
    // would take `File` for every value, since its open enum and unknown fields fit anything).
    let item: CollaborationItem = assert_round_trip(&json!({"type": "file", "size": 3}));
    assert!(matches!(
        item,
        CollaborationItem::File(File { size: Some(3), .. })
    ));
    let item: CollaborationItem = assert_round_trip(&json!({"type": "folder", "children": 2}));
    assert!(matches!(item, CollaborationItem::Folder(_)));
}

#[test]
fn properties_beside_all_of_are_merged_and_beside_one_of_added_to_each_variant() {
    let shared: SharedFile =
        assert_round_trip(&json!({"type": "file", "size": 1, "shared_with": "ola"}));
    assert_eq!(shared.type_, FileType::File);
    assert_eq!(shared.shared_with.as_deref(), Some("ola"));
    // (An untagged union: the first variant that fits is taken, so the test picks a value only the
    // first fits; each variant has the common `id`.)
    let event: Event =
        assert_round_trip(&json!({"id": "e1", "created_at": "2024-01-02T03:04:05Z"}));
    let Event::Created(EventCreated { id, created_at }) = event else {
        panic!("{event:?}")
    };
    assert_eq!(id.as_deref(), Some("e1"));
    assert!(created_at.is_some());
    let deleted = EventDeleted {
        id: Some("e2".into()),
        deleted: Some(true),
    };
    assert_eq!(
        serde_json::to_value(Event::Deleted(deleted)).unwrap(),
        json!({"id": "e2", "deleted": true})
    );
}

#[test]
fn one_enum_at_two_places_is_named_by_its_values_and_a_choice_of_one_is_that_one() {
    let pod: Pod = assert_round_trip(&json!({
        "phase": "Running", "status": "Pending", "priority": 2, "tags": ["a"],
        "address": {"line1": "Storgata 1"}
    }));
    assert_eq!(pod.phase, Some(PendingOrRunning::Running));
    assert_eq!(pod.status, Some(PendingOrRunning::Pending));
    // `{enum: [0, 1, 2]}` is an integer, `{items: …}` a list, `anyOf: [{$ref: Address}]` an Address.
    assert_eq!(pod.priority, Some(2));
    assert_eq!(pod.tags, Some(vec!["a".to_string()]));
    assert_eq!(
        pod.address.and_then(|a| a.line1).as_deref(),
        Some("Storgata 1")
    );
}

#[test]
fn what_is_not_kept_is_a_warning_at_its_place() {
    let output = codegen::run(&tests::root().join("tests/fixtures/specs")).expect("generates");
    let found: Vec<(&str, &str)> = output
        .warnings
        .iter()
        // Defects, not notes (that the description has no tags is one).
        .filter(|w| w.is_defect() && w.file.to_string_lossy().contains("fidelity-api"))
        .map(|w| (w.name, w.location.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "keyword-not-for-type",
                "/paths/~1pods/get/parameters/0/schema"
            ),
            (
                "keyword-not-for-type",
                "/paths/~1pods/get/parameters/1/schema"
            ),
            (
                "keyword-not-for-type",
                "/paths/~1pods/get/parameters/2/schema"
            ),
            (
                "keyword-not-for-type",
                "/paths/~1pods/get/parameters/3/schema"
            ),
            (
                "bound-out-of-range",
                "/components/schemas/CompletionRequest/properties/seed/minimum"
            ),
            (
                "bound-out-of-range",
                "/components/schemas/CompletionRequest/properties/seed/maximum"
            ),
            (
                "keyword-not-for-type",
                "/components/schemas/CompletionRequest/properties/options"
            ),
            (
                "body-as-text",
                "/paths/~1count/get/responses/200/content/text~1plain/schema"
            ),
        ]
    );
}
