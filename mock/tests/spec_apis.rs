//! An API added to a specs folder is served from its spec, as Prism serves one: a copy of `specs/` with a
//! petstore folder beside the Skatteetaten APIs, the mock binary started on it with `--specs`. The
//! Skatteetaten APIs answer as before; the petstore answers its documented examples, refuses requests
//! that do not meet its spec in its own error body, and answers unknown paths and methods with 404 and
//! 405.

mod mock_process;

use std::path::Path;

use mock_process::MockProcess;
use serde_json::{json, Value};

/// A petstore: a path parameter, a query parameter, a JSON request body, documented examples, a 400
/// error schema with an example.
const PETSTORE: &str = r##"openapi: 3.0.3
info:
  title: Petstore
  version: 1.0.0
servers:
  - url: https://petstore.example.com/v1
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: limit
          in: query
          required: false
          schema: {type: integer, format: int32, maximum: 100}
      responses:
        '200':
          description: A page of pets
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Pet'}
              examples:
                two:
                  value: [{id: 1, name: Rex, tag: dog}, {id: 2, name: Tom, tag: cat}]
                none:
                  value: []
        '400':
          $ref: '#/components/responses/BadRequest'
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: {id: 3, name: Fido, tag: dog}
        '400':
          $ref: '#/components/responses/BadRequest'
  /pets/{petId}:
    get:
      operationId: showPetById
      parameters:
        - name: petId
          in: path
          required: true
          schema: {type: integer, format: int64}
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: {id: 1, name: Rex, tag: dog}
        '404':
          description: No such pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
              example: {code: not_found, message: No pet with that id, requestId: abc-123}
        '400':
          $ref: '#/components/responses/BadRequest'
components:
  responses:
    BadRequest:
      description: The request does not meet the spec
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
          example: {code: bad_request, message: Invalid input, requestId: abc-123}
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
        tag: {type: string}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string}
    Error:
      type: object
      required: [code, message]
      properties:
        code: {type: string}
        message: {type: string}
        requestId: {type: string}
"##;

/// Copies the folder `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The repository's `specs/` with the petstore added, and the mock started on it.
fn start(dir: &Path) -> MockProcess {
    let specs = dir.join("specs");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"),
        &specs,
    );
    std::fs::create_dir(specs.join("petstore")).unwrap();
    std::fs::write(specs.join("petstore/openapi.yaml"), PETSTORE).unwrap();
    let specs = specs.to_str().expect("a UTF-8 path").to_string();
    MockProcess::start(&dir.join("mock.sqlite"), &["--specs", &specs])
}

/// A response: status, content type, `Allow`, and the body as JSON (`Null` when it is none).
struct Answer {
    status: u16,
    content_type: String,
    allow: String,
    body: Value,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the mock answers");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, allow) = (header("content-type"), header("allow"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        content_type,
        allow,
        body,
    }
}

#[tokio::test]
async fn an_added_api_is_served_from_its_spec_beside_the_skatteetaten_apis() {
    let dir = tempfile::tempdir().unwrap();
    let mock = start(dir.path());
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = |path: &str| format!("{}{path}", mock.origin);
    let pets = |path: &str| url(&format!("/petstore/v1{path}"));

    // A Skatteetaten API answers as before: the example organisation of its documentation.
    let skatteetaten = send(
        http.get(url("/oppdragutenlandskevirksomheter/v1/974761076"))
            .bearer_auth("any-token"),
    )
    .await;
    assert_eq!(skatteetaten.status, 200, "{}", skatteetaten.body);
    assert_eq!(skatteetaten.content_type, "application/json");

    // The index lists the petstore as served from its examples.
    let index = send(http.get(url("/"))).await;
    let listed = index.body["apis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|api| api["api"] == "petstore")
        .cloned()
        .unwrap_or_else(|| panic!("the petstore is not listed: {}", index.body));
    assert_eq!(listed["basePath"], "/petstore/v1");
    assert_eq!(listed["served"], "examples only");

    // The documented examples, with their status and media type.
    let one = send(http.get(pets("/pets/1"))).await;
    assert_eq!(
        (one.status, one.content_type.as_str()),
        (200, "application/json")
    );
    assert_eq!(one.body, json!({"id": 1, "name": "Rex", "tag": "dog"}));
    let list = send(http.get(pets("/pets?limit=10"))).await;
    assert_eq!(list.status, 200);
    assert_eq!(
        list.body.as_array().map(Vec::len),
        Some(2),
        "the first example"
    );
    let created = send(http.post(pets("/pets")).json(&json!({"name": "Fido"}))).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body, json!({"id": 3, "name": "Fido", "tag": "dog"}));

    // `Prefer` picks the example and the documented status.
    let none = send(http.get(pets("/pets")).header("Prefer", "example=none")).await;
    assert_eq!((none.status, none.body.clone()), (200, json!([])));
    let missing = send(http.get(pets("/pets/1")).header("Prefer", "code=404")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["code"], "not_found");

    // Invalid requests: the API's error body (its documented example, filled), naming what is wrong.
    let bad_id = send(http.get(pets("/pets/rex"))).await;
    assert_eq!(bad_id.status, 400, "{}", bad_id.body);
    assert_eq!(bad_id.content_type, "application/json");
    let message = bad_id.body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("petId") && message.contains("rex"),
        "{message}"
    );
    // The documented example's fields stay, its code too; the message is the answer's own.
    assert_eq!(bad_id.body["requestId"], "abc-123");
    assert_eq!(bad_id.body["code"], "bad_request");
    let bad_limit = send(http.get(pets("/pets?limit=many"))).await;
    assert_eq!(bad_limit.status, 400);
    assert!(
        bad_limit.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("limit"),
        "{}",
        bad_limit.body
    );
    let no_name = send(http.post(pets("/pets")).json(&json!({"tag": "dog"}))).await;
    assert_eq!(no_name.status, 400);
    assert!(
        no_name.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("name"),
        "{}",
        no_name.body
    );
    let wrong_type = send(http.post(pets("/pets")).json(&json!({"name": 7}))).await;
    assert_eq!(wrong_type.status, 400);
    assert!(
        wrong_type.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("/name"),
        "{}",
        wrong_type.body
    );
    // `null` for a property that is not `nullable` is a wrong type, not an absence (Schemathesis).
    let null_tag = send(
        http.post(pets("/pets"))
            .json(&json!({"name": "Fido", "tag": null})),
    )
    .await;
    assert_eq!(null_tag.status, 400, "{}", null_tag.body);
    assert!(
        null_tag.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("/tag"),
        "{}",
        null_tag.body
    );
    let no_body = send(
        http.post(pets("/pets"))
            .header("content-type", "application/json"),
    )
    .await;
    assert_eq!(no_body.status, 400);
    assert!(
        no_body.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("body"),
        "{}",
        no_body.body
    );
    let not_json = send(
        http.post(pets("/pets"))
            .header("content-type", "application/json")
            .body("{name"),
    )
    .await;
    assert_eq!(not_json.status, 400);

    // No such path, no such method.
    let unknown = send(http.get(pets("/owners"))).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    let head = send(http.head(pets("/pets/1"))).await;
    assert_eq!(
        (head.status, head.body.clone()),
        (200, Value::Null),
        "HEAD is GET without a body"
    );
    let wrong_method = send(http.delete(pets("/pets"))).await;
    assert_eq!(wrong_method.status, 405, "{}", wrong_method.body);
    assert_eq!(wrong_method.allow, "GET, POST");
    // Under no API at all: still the shared DAS-002.
    let nowhere = send(http.get(url("/finnes-ikke"))).await;
    assert_eq!(
        (nowhere.status, nowhere.body["kode"].clone()),
        (404, json!("DAS-002"))
    );
}

/// A spec the generator cannot read stops the mock at start-up, naming the file.
#[test]
fn a_broken_spec_is_refused_at_start_up_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("broken")).unwrap();
    std::fs::write(
        specs.join("broken/openapi.yaml"),
        "openapi: 3.0.3\ninfo: [\n",
    )
    .unwrap();
    let db = dir.path().join("mock.sqlite");
    let (code, stderr) = mock_process::run_to_exit(&[
        "--port",
        "0",
        "--db",
        db.to_str().unwrap(),
        "--specs",
        specs.to_str().unwrap(),
    ]);
    assert!(code.is_some_and(|c| c != 0), "exit {code:?}: {stderr}");
    assert!(
        stderr.contains("--specs") && stderr.contains("broken"),
        "{stderr}"
    );
}
